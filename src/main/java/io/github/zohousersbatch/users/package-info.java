/**
 * The users of an organisation, read from Zoho and kept in PostgreSQL: the page client,
 * its fetcher and how many pages it has in flight (adapting to the edition and to Zoho's
 * 429s), the reader with its restart position, line-up check and completeness check, the
 * filter of active users, the writer that stages every user read, the recorder of
 * unusable records, and reconciliation with its mass-deactivation guard. The job's
 * {@code aggregateUsers} and {@code reconcileUsers} steps are built here
 * ({@link io.github.zohousersbatch.users.UsersSteps}).
 * <p>
 * Uses {@code auth}, {@code http}, {@code db}, {@code metrics} and the shared vocabulary;
 * used by {@code job} and {@code cli}.
 */
package io.github.zohousersbatch.users;
