package io.github.zohousersbatch.users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The most users pages a run may have in flight: {@code zoho.job.prefetch} when set,
 * otherwise the concurrency limit of the organisation's edition, as the run's
 * {@code recordOrgLicence} step stored it in {@code zoho_org_licence}, less
 * {@code zoho.job.concurrency-margin} for the organisation's other integrations; for an
 * organisation on trial, the edition it tries. An edition not known (the
 * {@code ZohoCRM.org.READ} scope missing, say) counts as the smallest, Free.
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
		Editions editions = this.jdbc.sql("""
				select paid_type, case when trial_expiry is null or trial_expiry > now() then trial_type end
				from zoho_org_licence where connection_name = ?
				""")
			.param(connection)
			.query((rs, row) -> new Editions(rs.getString(1), rs.getString(2)))
			.optional()
			.orElse(new Editions(null, null));
		ZohoEdition edition = editions.inForce();
		ZohoEdition counted = (edition != null) ? edition : ZohoEdition.FREE;
		int ceiling = ceiling(counted, this.properties.concurrencyMargin());
		log.info(
				"Connection '{}': edition {}, at most {} concurrent calls; up to {} users pages in flight, {} left "
						+ "to other integrations (zoho.job.concurrency-margin)",
				connection, (edition != null) ? editions : "unknown (" + editions + ", counted as free)",
				counted.concurrency(), ceiling, counted.concurrency() - ceiling);
		return ceiling;
	}

	/**
	 * What {@code license_details} says: the edition paid for, and the one on trial while
	 * a trial runs. A trial organisation says {@code paid_type: free} and gets the limits
	 * of the edition it tries ({@code trial_type}).
	 */
	private record Editions(String paidType, String trialType) {

		ZohoEdition inForce() {
			ZohoEdition trial = ZohoEdition.of(this.trialType);
			return (trial != null) ? trial : ZohoEdition.of(this.paidType);
		}

		@Override
		public String toString() {
			return this.paidType + ((this.trialType != null) ? " (trial: " + this.trialType + ")" : "");
		}

	}

	static int ceiling(ZohoEdition edition, int margin) {
		return Math.max(1, edition.concurrency() - margin);
	}

}
