/**
 * Fleets: one execution of {@code zohoFleetJob} runs many connections, each in a
 * partition of its own that runs the connection's own job instance through
 * {@code job.JobRuns}; its outcome is the most urgent of its connections'. A restart runs
 * only the connections that did not complete.
 * <p>
 * The partitions run in this process, at most {@code zoho.fleet.concurrency} at once, or,
 * for a manager ({@code zoho.fleet.role=manager}), in worker processes
 * ({@code zoho.fleet.role=worker}) that take them from a JMS broker (Spring Batch remote
 * partitioning, Artemis): {@code RemoteFleetConfiguration},
 * {@code RemotePartitionHandler} (sends, watches, sends again what a dead worker left),
 * {@code FleetWorker}, {@code EmbeddedBrokerConfiguration} (the broker of one machine).
 * <p>
 * Uses {@code job}, {@code auth} (the known connections), {@code db} and the shared
 * vocabulary; used by {@code cli}.
 */
package io.github.zohousersbatch.fleet;
