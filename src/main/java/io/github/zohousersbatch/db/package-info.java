/**
 * PostgreSQL as this job uses it: the embedded server (private to its account, shared by
 * the processes that use it until the last one leaves), the schema migration and its
 * fingerprint, the per-connection advisory lock, and the fitting of text from Zoho to its
 * columns ({@link io.github.zohousersbatch.db.ColumnText}).
 * <p>
 * Uses the shared vocabulary only; used by the features, {@code job} and {@code cli}.
 */
package io.github.zohousersbatch.db;
