package io.github.zohousersbatch.users;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.listener.SkipListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps every skipped user record in {@code zoho_user_reject}, in the chunk's
 * transaction, and logs it by page and id only. A skipped record that carries a Zoho user
 * id (its status was unusable) is also staged as seen without a state: reconciliation
 * then neither deactivates nor refreshes that user.
 */
class RejectedUsersRecorder implements SkipListener<UserEntry, UserEntry> {

	private static final Logger log = LoggerFactory.getLogger(RejectedUsersRecorder.class);

	private final JdbcClient jdbc;

	private final UserStaging staging;

	private final String connectionName;

	private final long jobInstanceId;

	private final long jobExecutionId;

	RejectedUsersRecorder(JdbcClient jdbc, UserStaging staging, String connectionName, long jobInstanceId,
			long jobExecutionId) {
		this.jdbc = jdbc;
		this.staging = staging;
		this.connectionName = connectionName;
		this.jobInstanceId = jobInstanceId;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void onSkipInProcess(UserEntry entry, Throwable cause) {
		this.jdbc
			.sql("""
					insert into zoho_user_reject (connection_name, job_execution_id, page, zoho_user_id, reason, rejected_at)
					values (?, ?, ?, ?, ?, now())
					""")
			.params(this.connectionName, this.jobExecutionId, entry.page(), entry.id(), entry.problem())
			.update();
		if (entry.isIdentified()) {
			this.staging.stage(this.connectionName, this.jobInstanceId, List.of(entry));
		}
		log.warn("Skipped user record {} on users page {}: {}", (entry.id() != null) ? entry.id() : "without id",
				entry.page(), entry.problem());
	}

}
