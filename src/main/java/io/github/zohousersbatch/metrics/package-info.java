/**
 * The meters of a run (requests to Zoho by endpoint and outcome, retries, pages, fields
 * sanitised) in Spring Boot's Prometheus registry, tagged with the connection of the
 * execution they belong to, the same tag on Spring Batch's observations, and their
 * settings.
 * <p>
 * Uses the shared vocabulary only; used by {@code http}, {@code users} and {@code job}.
 */
package io.github.zohousersbatch.metrics;
