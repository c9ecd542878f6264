package io.github.zohousersbatch.users;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code zoho.job.*}: how users are read, what is tolerated, and what
 * reconciliation refuses.
 *
 * @param pageSize users per Zoho page and per chunk (Zoho's maximum, 200, by default):
 * one page, one commit
 * @param maxPages pages read at most before {@code more_records} is considered broken
 * @param skipLimit user records without a usable id or status skipped (and kept in
 * {@code zoho_user_reject}) per execution before the step fails
 * @param maxDeactivationShare largest share of the active users one run (or two runs in a
 * row) may deactivate without an operator's override
 * @param maxDeactivations most users one run may deactivate without an operator's
 * override
 * @param prefetch when set, pins the most users pages in flight at once (1 to 25, the
 * concurrency limit of Zoho's Ultimate edition); by default the organisation's edition
 * decides ({@link PageConcurrency})
 * @param concurrencyMargin concurrent calls of the edition's limit left to the
 * organisation's other integrations when the edition decides
 * @param completenessCheck what a read that does not add up to Zoho's count of users, and
 * whose second read lists different users, leads to (two reads that list the same users
 * are trusted whatever the count)
 * @param stopGracePeriod how long a {@code run} or {@code restart} told to stop (SIGTERM,
 * SIGINT) waits for its execution to reach a chunk boundary and end {@code STOPPED}
 * before it exits at once, leaving the execution to be recovered by the next run: less
 * than the scheduler's own wait before it kills (Kubernetes: 30 s by default)
 */
@ConfigurationProperties("zoho.job")
public record JobProperties(@DefaultValue("200") int pageSize, @DefaultValue("5000") int maxPages,
		@DefaultValue("10") int skipLimit, @DefaultValue("0.5") double maxDeactivationShare,
		@DefaultValue("1000") int maxDeactivations, Integer prefetch, @DefaultValue("2") int concurrencyMargin,
		@DefaultValue("fail") CompletenessCheck.Mode completenessCheck, @DefaultValue("25s") Duration stopGracePeriod) {

	public JobProperties {
		if (pageSize < 1 || pageSize > 200) {
			throw new IllegalArgumentException(
					"zoho.job.page-size must be between 1 and 200 (Zoho's maximum), not " + pageSize);
		}
		if (prefetch != null && (prefetch < 1 || prefetch > ZohoEdition.ULTIMATE.concurrency())) {
			throw new IllegalArgumentException(
					"zoho.job.prefetch must be between 1 and " + ZohoEdition.ULTIMATE.concurrency()
							+ " (the concurrency limit of Zoho's largest edition), not " + prefetch);
		}
		if (concurrencyMargin < 0) {
			throw new IllegalArgumentException(
					"zoho.job.concurrency-margin must not be negative, not " + concurrencyMargin);
		}
		if (maxDeactivationShare < 0 || maxDeactivationShare > 1) {
			throw new IllegalArgumentException(
					"zoho.job.max-deactivation-share must be between 0 and 1, not " + maxDeactivationShare);
		}
		if (stopGracePeriod.isNegative()) {
			throw new IllegalArgumentException(
					"zoho.job.stop-grace-period must not be negative, not " + stopGracePeriod);
		}
		if (maxDeactivations < 0) {
			throw new IllegalArgumentException(
					"zoho.job.max-deactivations must not be negative, not " + maxDeactivations);
		}
	}

}
