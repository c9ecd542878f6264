/**
 * The one way to Zoho: the WebClient with its timeouts,
 * {@link io.github.zohousersbatch.http.ZohoApi} for every request (CRM API GETs, token
 * and revocation POSTs) and what its answers mean, the retries with backoff and a budget
 * per execution, and the guard that keeps wire-level HTTP logging, which would show
 * tokens, quiet.
 * <p>
 * Uses the shared vocabulary and {@code metrics}; used by the features and {@code job}.
 */
package io.github.zohousersbatch.http;
