/**
 * OAuth with Zoho as a product: the data centres, the encrypted token store, access
 * tokens that are reused while valid and refreshed at the accounts server that issued
 * them, authorization with a Self Client code or through the browser and a loopback
 * listener, revocation, and the job's first step, {@code validateToken}
 * ({@link io.github.zohousersbatch.auth.TokenSteps}). Tokens only ever go to servers
 * trusted for their connection.
 * <p>
 * Uses the shared vocabulary and {@code http}; used by {@code users}, {@code licence},
 * {@code job} and {@code cli}.
 */
package io.github.zohousersbatch.auth;
