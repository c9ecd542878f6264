/**
 * What reporting tools and licence products read, read back for people and handed over:
 * the history of completed runs from the {@code zoho_run_history} view, licence usage,
 * exports of the users, and the Snow SaaS - Generic file each completed run hands over
 * ({@code handOverToSnow}, the job's last step, is built here).
 * <p>
 * Uses the vocabulary of the root package; used by {@code job} and {@code cli}.
 */
package io.github.zohousersbatch.reporting;
