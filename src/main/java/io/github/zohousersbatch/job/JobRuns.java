package io.github.zohousersbatch.job;

import java.util.Optional;
import java.util.UUID;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.users.MassDeactivationGuard;
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
import org.springframework.stereotype.Service;

/**
 * Starts, restarts, stops and abandons executions of {@code zohoActiveUsersJob}, one
 * connection at a time. Every operation that could start work holds the
 * {@link ConnectionLock}; while holding it, an execution still marked running in the
 * metadata is known to be dead (its process was killed) and is recovered first.
 */
@Service
public class JobRuns {

	private static final Logger log = LoggerFactory.getLogger(JobRuns.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job job;

	private final ConnectionLock locks;

	private final ExecutionHistory history;

	private final RestartRules rules;

	private final Connections connections;

	JobRuns(JobOperator jobOperator, JobRepository jobRepository, Job zohoActiveUsersJob, ConnectionLock locks,
			ExecutionHistory history, RestartRules rules, Connections connections) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.job = zohoActiveUsersJob;
		this.locks = locks;
		this.history = history;
		this.rules = rules;
		this.connections = connections;
	}

	/** A new run (a new job instance) of the connection, from page 1. */
	public JobExecution run(String connectionName) throws Exception {
		this.connections.settings(connectionName);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			return this.jobOperator.start(this.job, parameters(connectionName, UUID.randomUUID().toString()));
		}
	}

	/**
	 * The connection's run identified by {@code runId}, as a fleet runs it: started when
	 * it does not exist yet, resumed when its last execution did not complete, and
	 * returned as it is, without a call to Zoho, when it completed.
	 */
	public JobExecution runOrResume(String connectionName, String runId) throws Exception {
		this.connections.settings(connectionName);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			JobParameters parameters = parameters(connectionName, runId);
			JobExecution last = this.jobRepository.getLastJobExecution(ZohoJob.NAME, parameters);
			if (last == null) {
				return this.jobOperator.start(this.job, parameters);
			}
			if (last.getStatus() == BatchStatus.COMPLETED) {
				return last;
			}
			requireRestartable(last);
			log.info("Resuming execution {} of connection '{}' (job instance {})", last.getId(), connectionName,
					last.getJobInstance().getInstanceId());
			return this.jobOperator.restart(last);
		}
	}

	/** A new execution of the execution's job instance, resuming where it stopped. */
	public JobExecution restart(long executionId) throws Exception {
		return restart(executionId, false);
	}

	/**
	 * A new execution of the execution's job instance, resuming where it stopped.
	 * @param allowMassDeactivation whether reconciliation may deactivate more than the
	 * configured share of users
	 */
	public JobExecution restart(long executionId, boolean allowMassDeactivation) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		this.connections.settings(connectionName);
		try (ConnectionLock.Held lock = lock(connectionName)) {
			recoverDeadExecutions(connectionName);
			execution = execution(executionId);
			requireRestartable(execution);
			if (allowMassDeactivation) {
				MassDeactivationGuard.allowRestartOf(execution);
				this.jobRepository.updateExecutionContext(execution);
				log.warn("Execution {}: an operator allows reconciliation to deactivate any share of the users",
						executionId);
			}
			log.info("Restarting execution {} of connection '{}' (job instance {})", executionId, connectionName,
					execution.getJobInstance().getInstanceId());
			return this.jobOperator.restart(execution);
		}
	}

	/**
	 * Restarts the connection's latest execution if it failed or stopped; empty when
	 * there is nothing to do.
	 */
	public Optional<JobExecution> restartLastFailed(String connectionName, boolean allowMassDeactivation)
			throws Exception {
		this.connections.settings(connectionName);
		Optional<JobExecution> latest = this.history.recent(connectionName, 1).stream().findFirst();
		if (latest.isEmpty()) {
			return Optional.empty();
		}
		BatchStatus status = latest.get().getStatus();
		if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
			log.info("Nothing to restart: the latest execution {} of connection '{}' is {}", latest.get().getId(),
					connectionName, status);
			return Optional.empty();
		}
		return Optional.of(restart(latest.get().getId(), allowMassDeactivation));
	}

	/**
	 * Asks a running execution to stop at its next chunk boundary; a dead one is marked
	 * stopped at once.
	 */
	public JobExecution stop(long executionId) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(ZohoJob.CONNECTION);
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

	/**
	 * Whether no live process runs the connection (nobody holds its lock). If none does,
	 * an execution of it still marked running is marked failed first, its message naming
	 * the process that ran it and what happened to that process.
	 * @param cause what happened to the process, e.g. {@code stopped answering}
	 */
	public boolean recoverIfAbandoned(String connectionName, String cause) {
		return this.locks.tryAcquire(connectionName).map(held -> {
			try (held) {
				recoverDeadExecutions(connectionName, cause);
			}
			return true;
		}).orElse(false);
	}

	/** Gives up an execution for good; its instance can no longer be restarted. */
	public JobExecution abandon(long executionId) throws Exception {
		JobExecution execution = execution(executionId);
		String connectionName = execution.getJobParameters().getString(ZohoJob.CONNECTION);
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

	private static JobParameters parameters(String connectionName, String runId) {
		return new JobParametersBuilder().addString(ZohoJob.CONNECTION, connectionName)
			.addString(ZohoJob.RUN_ID, runId)
			.toJobParameters();
	}

	private ConnectionLock.Held lock(String connectionName) {
		return this.locks.tryAcquire(connectionName)
			.orElseThrow(() -> new ZohoBatchException(FailureReason.ALREADY_RUNNING, "Another execution of connection '"
					+ connectionName + "' is running; see: zoho-users-batch status --connection " + connectionName));
	}

	// Only called with the connection's lock held: no live process runs this connection.
	private void recoverDeadExecutions(String connectionName) {
		recoverDeadExecutions(connectionName, "ended without finishing it (killed?)");
	}

	private void recoverDeadExecutions(String connectionName, String cause) {
		for (long executionId : this.history.running(connectionName)) {
			JobExecution dead = execution(executionId);
			String where = JobFailureListener.processOf(dead).orElse("an unknown host");
			JobExecution recovered = this.jobOperator.recover(dead);
			recovered.setExitStatus(new ExitStatus(FailureReason.FAILED.name(), "The process running this execution on "
					+ where + " " + cause + "; marked failed, resume with: zoho-users-batch restart " + executionId));
			this.jobRepository.update(recovered);
			log.warn("Execution {} of connection '{}' was left running by {}, which {}; marked failed", executionId,
					connectionName, where, cause);
		}
	}

	private void requireRestartable(JobExecution execution) {
		this.rules.refusal(execution).ifPresent(reason -> {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"Execution " + execution.getId() + " cannot be restarted: " + reason);
		});
	}

	private JobExecution execution(long executionId) {
		return this.history.find(executionId)
			.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION, "No execution " + executionId
					+ " of " + ZohoJob.NAME + "; list them with: zoho-users-batch status"));
	}

}
