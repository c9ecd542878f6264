package io.github.zohousersbatch.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the executions of {@code zohoActiveUsersJob} per connection from the Spring Batch tables, with the
 * counts of their steps, for {@code status} and for deciding what {@code restart} may resume.
 */
@Repository
public class ExecutionHistory {

	private static final String SELECT = """
			select e.job_execution_id, e.job_instance_id, p.parameter_value as connection_name, e.status, e.exit_code,
			       e.exit_message, e.start_time, e.end_time,
			       coalesce(a.read_count, 0) as read_count, coalesce(a.write_count, 0) as write_count,
			       coalesce(a.filter_count, 0) as filter_count, coalesce(r.write_count, 0) as deactivated_count
			from batch_job_execution e
			join batch_job_instance i on i.job_instance_id = e.job_instance_id and i.job_name = 'zohoActiveUsersJob'
			join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
			     and p.parameter_name = 'connection'
			left join batch_step_execution a on a.job_execution_id = e.job_execution_id
			     and a.step_name = 'aggregateUsers'
			left join batch_step_execution r on r.job_execution_id = e.job_execution_id
			     and r.step_name = 'reconcileUsers'
			""";

	private final JdbcClient jdbc;

	ExecutionHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The most recent executions, newest first, of one connection or (null) of all. */
	public List<ExecutionSummary> recent(String connectionName, int limit) {
		return this.jdbc.sql(SELECT + " where (cast(:connection as text) is null or p.parameter_value = :connection)"
				+ " order by e.job_execution_id desc limit :limit")
			.param("connection", connectionName)
			.param("limit", limit)
			.query(ExecutionHistory::map)
			.list();
	}

	public Optional<ExecutionSummary> find(long executionId) {
		return this.jdbc.sql(SELECT + " where e.job_execution_id = ?").param(executionId).query(ExecutionHistory::map)
			.optional();
	}

	/** Executions of the connection whose metadata says they are still running (live or dead). */
	List<Long> running(String connectionName) {
		return this.jdbc.sql("""
				select e.job_execution_id from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				     and p.parameter_name = 'connection' and p.parameter_value = ?
				where e.status in ('STARTING', 'STARTED', 'STOPPING')
				order by e.job_execution_id
				""").param(connectionName).query(Long.class).list();
	}

	/** The newest job instance of the connection that completed, if any. */
	Optional<Long> lastCompletedInstance(String connectionName) {
		return this.jdbc.sql("""
				select max(e.job_instance_id) from batch_job_execution e
				join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
				     and p.parameter_name = 'connection' and p.parameter_value = ?
				where e.status = 'COMPLETED'
				""").param(connectionName).query(Long.class).optional();
	}

	private static ExecutionSummary map(ResultSet rs, int row) throws SQLException {
		return new ExecutionSummary(rs.getLong("job_execution_id"), rs.getLong("job_instance_id"),
				rs.getString("connection_name"), rs.getString("status"), rs.getString("exit_code"),
				rs.getString("exit_message"), rs.getObject("start_time", LocalDateTime.class),
				rs.getObject("end_time", LocalDateTime.class), rs.getLong("read_count"), rs.getLong("write_count"),
				rs.getLong("filter_count"), rs.getLong("deactivated_count"));
	}

	/**
	 * One execution as operators see it.
	 *
	 * @param executionId job execution id
	 * @param instanceId job instance id (one per run; restarts share it)
	 * @param connectionName Zoho connection
	 * @param status batch status
	 * @param exitCode exit code recorded in the metadata
	 * @param exitMessage exit message recorded in the metadata
	 * @param startTime start, local time of the job repository
	 * @param endTime end, or null while running
	 * @param read users read by this execution
	 * @param active active users written by this execution
	 * @param filtered users filtered out by this execution
	 * @param deactivated users deactivated by this execution's reconciliation
	 */
	public record ExecutionSummary(long executionId, long instanceId, String connectionName, String status,
			String exitCode, String exitMessage, LocalDateTime startTime, LocalDateTime endTime, long read,
			long active, long filtered, long deactivated) {
	}

}
