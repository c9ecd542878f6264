/**
 * What reporting tools read, read back for people: the history of completed runs from the
 * {@code zoho_run_history} view.
 * <p>
 * Uses nothing of this project; used by {@code cli}.
 */
package io.github.zohousersbatch.reporting;
