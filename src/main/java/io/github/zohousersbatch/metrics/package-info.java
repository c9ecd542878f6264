/**
 * The meters of a run (requests to Zoho by endpoint and outcome, retries, pages, fields
 * sanitised) in a Prometheus registry, and their settings.
 * <p>
 * Uses nothing of this project; used by {@code http}, {@code users} and {@code job}.
 */
package io.github.zohousersbatch.metrics;
