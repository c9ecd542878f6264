package io.github.zohousersbatch.users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The most users pages a run may have in flight: {@code zoho.job.prefetch} when set,
 * otherwise the concurrency limit of the organisation's edition, as the run's
 * {@code recordOrgLicence} step stored it in {@code zoho_org_licence}, less
 * {@code zoho.job.concurrency-margin} for the organisation's other integrations. An
 * edition not known (the {@code ZohoCRM.org.READ} scope missing, say) counts as the
 * smallest, Free.
 */
@Component
class ConcurrencyCeiling {

	private static final Logger log = LoggerFactory.getLogger(ConcurrencyCeiling.class);

	private final JdbcClient jdbc;

	private final JobProperties properties;

	ConcurrencyCeiling(JdbcClient jdbc, JobProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	int of(String connection) {
		if (this.properties.prefetch() != null) {
			log.info("Connection '{}': at most {} users pages in flight (zoho.job.prefetch)", connection,
					this.properties.prefetch());
			return this.properties.prefetch();
		}
		String paidType = this.jdbc
			.sql("select coalesce(paid_type, trial_type) from zoho_org_licence " + "where connection_name = ?")
			.param(connection)
			.query(String.class)
			.optional()
			.orElse(null);
		ZohoEdition edition = ZohoEdition.of(paidType);
		ZohoEdition counted = (edition != null) ? edition : ZohoEdition.FREE;
		int ceiling = ceiling(counted, this.properties.concurrencyMargin());
		log.info(
				"Connection '{}': edition {}, at most {} concurrent calls; up to {} users pages in flight, {} left "
						+ "to other integrations (zoho.job.concurrency-margin)",
				connection, (edition != null) ? paidType : "unknown (" + paidType + ", counted as free)",
				counted.concurrency(), ceiling, counted.concurrency() - ceiling);
		return ceiling;
	}

	static int ceiling(ZohoEdition edition, int margin) {
		return Math.max(1, edition.concurrency() - margin);
	}

}
