package io.github.zohousersbatch.job;

import java.util.List;
import java.util.Optional;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds the executions of {@value ZohoJob#NAME} per connection in Spring Batch's tables,
 * for {@code status} and for deciding what {@code restart} may resume. What an execution
 * did is read from its steps by {@link ExecutionCounts}, the one place that counts.
 */
@Repository
public class ExecutionHistory {

	private static final String OF_CONNECTION = """
			from batch_job_execution e
			join batch_job_instance i on i.job_instance_id = e.job_instance_id and i.job_name = :job
			join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
			     and p.parameter_name = :parameter
			""";

	private final JdbcClient jdbc;

	private final JobRepository jobRepository;

	ExecutionHistory(JdbcClient jdbc, JobRepository jobRepository) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
	}

	/**
	 * The most recent executions, newest first, of one connection or (null) of all, with
	 * their steps.
	 */
	public List<JobExecution> recent(String connectionName, int limit) {
		return this.jdbc
			.sql("select e.job_execution_id " + OF_CONNECTION
					+ " where (cast(:connection as text) is null or p.parameter_value = :connection)"
					+ " order by e.job_execution_id desc limit :limit")
			.param("job", ZohoJob.NAME)
			.param("parameter", ZohoJob.CONNECTION)
			.param("connection", connectionName)
			.param("limit", limit)
			.query(Long.class)
			.list()
			.stream()
			.map(this::find)
			.flatMap(Optional::stream)
			.toList();
	}

	/**
	 * The execution of our job with this id, with its steps; empty when there is none.
	 */
	public Optional<JobExecution> find(long executionId) {
		return find(this.jobRepository, executionId, ZohoJob.NAME);
	}

	/**
	 * The host and process that ran the execution, as recorded when it started, e.g.
	 * {@code vm (pid 543)}.
	 */
	public static Optional<String> processOf(JobExecution execution) {
		return JobFailureListener.processOf(execution);
	}

	/**
	 * The execution of job {@code jobName} with this id, with its steps; empty when there
	 * is none.
	 */
	public static Optional<JobExecution> find(JobRepository jobRepository, long executionId, String jobName) {
		JobExecution execution;
		try {
			execution = jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0 throws for an unknown id where its Javadoc promises null
			return Optional.empty();
		}
		return Optional.ofNullable(execution).filter(found -> jobName.equals(found.getJobInstance().getJobName()));
	}

	/**
	 * The status of a job execution as stored, without its steps (a fleet's are one per
	 * connection: loading them for every partition that starts reads the fleet's whole
	 * metadata once per connection); empty when there is no such execution.
	 */
	public Optional<BatchStatus> statusOf(long executionId) {
		return this.jdbc.sql("select status from batch_job_execution where job_execution_id = ?")
			.param(executionId)
			.query(String.class)
			.optional()
			.map(BatchStatus::valueOf);
	}

	/**
	 * Executions of the connection whose metadata says they are still running (live or
	 * dead).
	 */
	List<Long> running(String connectionName) {
		return this.jdbc
			.sql("select e.job_execution_id " + OF_CONNECTION
					+ " where p.parameter_value = :connection and e.status in ('STARTING', 'STARTED', 'STOPPING')"
					+ " order by e.job_execution_id")
			.param("job", ZohoJob.NAME)
			.param("parameter", ZohoJob.CONNECTION)
			.param("connection", connectionName)
			.query(Long.class)
			.list();
	}

	/**
	 * The completed execution of a newer run of the connection that superseded its run
	 * {@code runId} (a fleet's, say, whose partition failed before the connection was run
	 * alone to completion): the newest such; empty when that run completed, never
	 * started, or nothing newer completed.
	 */
	public Optional<JobExecution> supersedingRun(String connectionName, String runId) {
		JobExecution last = this.jobRepository.getLastJobExecution(ZohoJob.NAME,
				new JobParametersBuilder().addString(ZohoJob.CONNECTION, connectionName)
					.addString(ZohoJob.RUN_ID, runId)
					.toJobParameters());
		if (last == null || last.getStatus() == BatchStatus.COMPLETED) {
			return Optional.empty();
		}
		return this.jdbc
			.sql("select max(e.job_execution_id) " + OF_CONNECTION + " where p.parameter_value = :connection "
					+ "and e.status = 'COMPLETED' and e.job_instance_id > :instance")
			.param("job", ZohoJob.NAME)
			.param("parameter", ZohoJob.CONNECTION)
			.param("connection", connectionName)
			.param("instance", last.getJobInstance().getInstanceId())
			.query(Long.class)
			.optional()
			.flatMap(this::find);
	}

	/** The newest job instance of the connection that completed, if any. */
	Optional<Long> lastCompletedInstance(String connectionName) {
		return this.jdbc
			.sql("select max(e.job_instance_id) " + OF_CONNECTION
					+ " where p.parameter_value = :connection and e.status = 'COMPLETED'")
			.param("job", ZohoJob.NAME)
			.param("parameter", ZohoJob.CONNECTION)
			.param("connection", connectionName)
			.query(Long.class)
			.optional();
	}

}
