/**
 * Fleets: one execution of {@code zohoFleetJob} runs many connections, each in a
 * partition of its own that runs the connection's own job instance through
 * {@code job.JobRuns}, at most {@code zoho.fleet.concurrency} at once; its outcome is the
 * most urgent of its connections'. A restart runs only the connections that did not
 * complete.
 * <p>
 * Uses {@code job}, {@code auth} (the known connections), {@code db} and the shared
 * vocabulary; used by {@code cli}.
 */
package io.github.zohousersbatch.fleet;
