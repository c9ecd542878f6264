package io.github.zohousersbatch.job;

import java.util.Optional;
import java.util.UUID;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.auth.ZohoProperties;
import io.github.zohousersbatch.users.ReconcileUsersTasklet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Service;

/**
 * Starts, restarts, stops and abandons executions of {@code zohoActiveUsersJob}, one connection at a time.
 * Every operation that could start work holds the {@link ConnectionLock}; while holding it, an execution still
 * marked running in the metadata is known to be dead (its process was killed) and is recovered first.
 */
@Service
public class JobRuns {

	private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final ConnectionLock locks;

	private final ExecutionHistory history;

	private final ZohoProperties properties;

	JobRuns(JobOperator jobOperator, JobRepository jobRepository, Job zohoActiveUsersJob, ConnectionLock locks,
			ExecutionHistory history, ZohoProperties properties) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = zohoActiveUsersJob;
		this.locks = locks;
		this.history = history;
		this.properties = properties;
	}

	/** A new run (a new job instance) of the connection, from page 1. */
	public JobExecution run(String connectionName) throws Exception {
		this.properties.connection(connectionName);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			JobParameters parameters = new JobParametersBuilder()
				.addString(JobParameterNames.CONNECTION, connectionName)
				.addString(JobParameterNames.RUN_ID, UUID.randomUUID().toString())
				.toJobParameters();
			return this.jobOperator.start(this.job, parameters);
		}
	}

	/** A new execution of the execution's job instance, resuming where it stopped. */
	public JobExecution restart(long executionId) throws Exception {
		return restart(executionId, false);
	}

	/**
	 * A new execution of the execution's job instance, resuming where it stopped.
	 * @param allowMassDeactivation whether reconciliation may deactivate more than the configured share of users
	 */
	public JobExecution restart(long executionId, boolean allowMassDeactivation) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(JobParameterNames.CONNECTION);
		this.properties.connection(connectionName);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			execution = execution(executionId);
			requireRestartable(execution, connectionName);
			if (allowMassDeactivation) {
				requireRefusedByGuard(execution);
				// the restarted execution inherits the job execution context; the id binds it to this restart
				execution.getExecutionContext().put(ReconcileUsersTasklet.ALLOW_MASS_DEACTIVATION, executionId);
				this.jobRepository.updateExecutionContext(execution);
				log.warn("Execution {}: an operator allows reconciliation to deactivate any share of the users",
						executionId);
			}
			log.info("Restarting execution {} of connection '{}' (job instance {})", executionId, connectionName,
					execution.getJobInstance().getInstanceId());
			return this.jobOperator.restart(execution);
		}
	}

	/** Restarts the connection's latest execution if it failed or stopped; empty when there is nothing to do. */
	public Optional<JobExecution> restartLastFailed(String connectionName, boolean allowMassDeactivation)
			throws Exception {
		this.properties.connection(connectionName);
		Optional<ExecutionHistory.ExecutionSummary> latest = this.history.recent(connectionName, 1).stream().findFirst();
		if (latest.isEmpty()) {
			return Optional.empty();
		}
		String status = latest.get().status();
		if (status.equals("COMPLETED") || status.equals("ABANDONED")) {
			log.info("Nothing to restart: the latest execution {} of connection '{}' is {}",
					latest.get().executionId(), connectionName, status);
			return Optional.empty();
		}
		return Optional.of(restart(latest.get().executionId(), allowMassDeactivation));
	}

	/** Asks a running execution to stop at its next chunk boundary; a dead one is marked stopped at once. */
	public JobExecution stop(long executionId) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(JobParameterNames.CONNECTION);
		if (!execution.isRunning()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Execution " + executionId + " is not running (" + execution.getStatus() + ")");
		}
		Optional<ConnectionLock.Held> lock = this.locks.tryAcquire(connectionName);
		if (lock.isPresent()) {
			try (ConnectionLock.Held held = lock.get()) {
				JobExecution dead = this.jobOperator.recover(execution(executionId));
				dead.setStatus(BatchStatus.STOPPED);
				dead.setExitStatus(new ExitStatus(FailureReason.STOPPED.name(),
						"Stopped by an operator after its process had ended; resume with: zoho-users-batch restart "
								+ executionId));
				this.jobRepository.update(dead);
				return dead;
			}
		}
		try {
			this.jobOperator.stop(execution);
		}
		catch (JobExecutionNotRunningException ex) {
			// it ended between our read and the stop request
		}
		return execution(executionId);
	}

	/** Gives up an execution for good; its instance can no longer be restarted. */
	public JobExecution abandon(long executionId) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(JobParameterNames.CONNECTION);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			execution = execution(executionId);
			if (execution.getStatus() == BatchStatus.COMPLETED || execution.getStatus() == BatchStatus.ABANDONED) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION,
						"Execution " + executionId + " is " + execution.getStatus() + " and cannot be abandoned");
			}
			return this.jobOperator.abandon(execution);
		}
	}

	private ConnectionLock.Held lock(String connectionName) {
		return this.locks.tryAcquire(connectionName)
			.orElseThrow(() -> new ZohoBatchException(FailureReason.ALREADY_RUNNING, "Another execution of connection '"
					+ connectionName + "' is running; see: zoho-users-batch status --connection " + connectionName));
	}

	// Only called with the connection's lock held: no live process runs this connection.
	private void recoverDeadExecutions(String connectionName) {
		for (long executionId : this.history.running(connectionName)) {
			JobExecution dead = execution(executionId);
			String where = dead.getExecutionContext().getString(JobFailureListener.HOST, "an unknown host") + " (pid "
					+ dead.getExecutionContext().getLong(JobFailureListener.PID, -1L) + ")";
			JobExecution recovered = this.jobOperator.recover(dead);
			recovered.setExitStatus(new ExitStatus(FailureReason.FAILED.name(), "The process running this execution on "
					+ where + " ended without finishing it (killed?); marked failed, resume with: zoho-users-batch "
					+ "restart " + executionId));
			this.jobRepository.update(recovered);
			log.warn("Execution {} of connection '{}' was left running by a process that ended ({}); marked failed",
					executionId, connectionName, where);
		}
	}

	private void requireRestartable(JobExecution execution, String connectionName) {
		BatchStatus status = execution.getStatus();
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Execution " + execution.getId() + " is " + status
					+ "; only failed or stopped executions can be restarted");
		}
		long instanceId = execution.getJobInstance().getInstanceId();
		Optional<Long> newerCompleted = this.history.lastCompletedInstance(connectionName)
			.filter(completed -> completed > instanceId);
		if (newerCompleted.isPresent()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Execution " + execution.getId()
					+ " belongs to a run older than the last completed run of connection '" + connectionName
					+ "'; resuming it would deactivate users the newer run saw. Start a new run instead, or abandon it");
		}
		JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != execution.getId()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "Execution " + execution.getId()
					+ " was already restarted as execution " + last.getId() + " (" + last.getStatus()
					+ "); restart that one");
		}
	}

	private static void requireRefusedByGuard(JobExecution execution) {
		String exitCode = execution.getExitStatus().getExitCode();
		if (!FailureReason.MASS_DEACTIVATION.name().equals(exitCode)) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "--allow-mass-deactivation applies only to an "
					+ "execution that the mass-deactivation guard refused (exit code 7); execution " + execution.getId()
					+ " ended with " + exitCode + ". Restart it without the option");
		}
	}

	private JobExecution execution(long executionId) {
		JobExecution execution;
		try {
			execution = this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0.4 throws here instead of returning null for an unknown id
			execution = null;
		}
		if (execution == null || !ActiveUsersJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "No execution " + executionId
					+ " of zohoActiveUsersJob; list them with: zoho-users-batch status");
		}
		return execution;
	}

}
