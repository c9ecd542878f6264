package io.github.zohousersbatch.reporting;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The completed runs of each connection with the change of active users versus the
 * previous run, read from the {@code zoho_run_history} view that reporting tools read
 * too.
 */
@Repository
public class RunHistory {

	private final JdbcClient jdbc;

	RunHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The latest completed runs, newest first, of one connection or (null) of all. */
	public List<Run> latest(String connectionName, int limit) {
		return this.jdbc.sql("""
				select * from zoho_run_history
				where cast(:connection as text) is null or connection_name = :connection
				order by ended_at desc, job_instance_id desc
				limit :limit
				""")
			.param("connection", connectionName)
			.param("limit", limit)
			.query((rs, row) -> new Run(rs.getString("connection_name"), rs.getLong("job_instance_id"),
					rs.getLong("first_execution_id"), rs.getLong("last_execution_id"),
					rs.getObject("started_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class),
					rs.getLong("users_read"), rs.getLong("users_active"), rs.getLong("users_filtered"),
					rs.getLong("users_deactivated"), rs.getObject("previous_users_active", Long.class),
					rs.getObject("users_active_delta", Long.class), rs.getBigDecimal("users_active_delta_percent")))
			.list();
	}

	/**
	 * One completed run (a job instance, however many executions it took), as in
	 * {@code zoho_run_history}.
	 *
	 * @param connectionName Zoho connection
	 * @param jobInstanceId job instance of the run
	 * @param firstExecutionId the run's first execution
	 * @param lastExecutionId the execution that completed it
	 * @param startedAt start of the first execution
	 * @param endedAt end of the reconciliation
	 * @param read users read
	 * @param active users seen active
	 * @param filtered users read with another status
	 * @param deactivated users this run deactivated
	 * @param previousActive active users of the previous run of the connection, null for
	 * its first run
	 * @param delta {@code active - previousActive}, null for the first run
	 * @param deltaPercent the delta as a percentage of {@code previousActive}, null when
	 * that is null or 0
	 */
	public record Run(String connectionName, long jobInstanceId, long firstExecutionId, long lastExecutionId,
			OffsetDateTime startedAt, OffsetDateTime endedAt, long read, long active, long filtered, long deactivated,
			Long previousActive, Long delta, BigDecimal deltaPercent) {

		/**
		 * Whether active users dropped by more than {@code thresholdPercent} of the
		 * previous run's.
		 */
		public boolean dropExceeds(double thresholdPercent) {
			return this.deltaPercent != null && this.deltaPercent.doubleValue() < -thresholdPercent;
		}

	}

}
