package io.github.zohousersbatch.reporting;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * User licences per connection and completed run, read from the
 * {@code zoho_licence_usage} view that reporting tools read too: what Zoho says is
 * purchased, used and available, and how many active users consume a licence by
 * {@code zoho_licence_rule}.
 */
@Repository
public class LicenceUsage {

	private final JdbcClient jdbc;

	LicenceUsage(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The latest {@code runs} completed runs of each connection, or (null) of every
	 * connection, by connection and newest first.
	 */
	public List<Usage> latest(String connectionName, int runs) {
		return this.jdbc.sql("""
				select * from (select u.*, row_number() over (partition by connection_name
				                                               order by job_instance_id desc) as age
				               from zoho_licence_usage u
				               where cast(:connection as text) is null or connection_name = :connection) u
				where age <= :runs
				order by connection_name, job_instance_id desc
				""")
			.param("connection", connectionName)
			.param("runs", runs)
			.query((rs, row) -> new Usage(rs.getString("connection_name"), rs.getLong("job_instance_id"),
					rs.getObject("run_ended_at", OffsetDateTime.class), rs.getBoolean("latest_run"),
					rs.getString("paid_type"), rs.getObject("licences_purchased", Integer.class),
					rs.getObject("licences_used_zoho", Integer.class), rs.getObject("licensed_users", Long.class),
					rs.getObject("licences_available", Integer.class), rs.getObject("used_difference", Long.class),
					rs.getObject("counts_agree", Boolean.class), rs.getLong("active_users"),
					rs.getObject("org_users_license_purchased", Integer.class), rs.getString("counts_missing"),
					rs.getString("trial_type"), rs.getObject("counts_in_edition", Boolean.class)))
			.list();
	}

	/**
	 * One row of {@code zoho_licence_usage}.
	 *
	 * @param connectionName Zoho connection
	 * @param jobInstanceId the run
	 * @param runEndedAt when the run completed
	 * @param latestRun whether it is the connection's latest completed run
	 * @param paidType edition paid for
	 * @param purchased user licences purchased, by Zoho; null when not read
	 * @param usedByZoho user licences in use, by Zoho; null when not read
	 * @param licensedUsers active users that consume a licence by our rule; null for runs
	 * before the rule existed
	 * @param available user licences free, by Zoho; null when not read
	 * @param difference {@code usedByZoho - licensedUsers}
	 * @param agree whether both counts agree; null when either is unknown
	 * @param activeUsers users the run saw active, whatever their type
	 * @param orgPurchased user licences purchased by {@code GET /crm/v8/org}
	 * @param countsMissing why Zoho's counts are null
	 * @param trialType edition on trial at the time of the run, or null
	 * @param countsInEdition false when the edition has no licence counts (Zoho answered
	 * 204); null when they could not be read
	 */
	public record Usage(String connectionName, long jobInstanceId, OffsetDateTime runEndedAt, boolean latestRun,
			String paidType, Integer purchased, Integer usedByZoho, Long licensedUsers, Integer available,
			Long difference, Boolean agree, long activeUsers, Integer orgPurchased, String countsMissing,
			String trialType, Boolean countsInEdition) {

		/**
		 * The edition paid for, and the one on trial if any: "free (trial: enterprise)".
		 */
		public String editions() {
			return (this.trialType != null) ? this.paidType + " (trial: " + this.trialType + ")" : this.paidType;
		}

	}

}
