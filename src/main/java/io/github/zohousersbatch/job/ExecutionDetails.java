package io.github.zohousersbatch.job;

import java.util.Optional;

import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.users.ReadPosition;
import io.github.zohousersbatch.users.UsersStepConfiguration;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Service;

/**
 * One execution in full for {@code status EXECUTION_ID}: its steps from the job repository, and what
 * {@code restart} would do with it, judged by the rules {@link JobRuns} applies, without taking any lock.
 */
@Service
public class ExecutionDetails {

	private final JobRepository jobRepository;

	private final ExecutionHistory history;

	private final ConnectionLock locks;

	ExecutionDetails(JobRepository jobRepository, ExecutionHistory history, ConnectionLock locks) {
		this.jobRepository = jobRepository;
		this.history = history;
		this.locks = locks;
	}

	/** The execution with its steps, or empty when there is no such execution of our job. */
	public Optional<Detail> find(long executionId) {
		JobExecution execution;
		try {
			execution = this.jobRepository.getJobExecution(executionId);
		}
		catch (EmptyResultDataAccessException ex) {
			// Spring Batch 6.0 throws for an unknown id where its Javadoc promises null
			return Optional.empty();
		}
		if (execution == null || !ActiveUsersJobConfiguration.JOB_NAME.equals(execution.getJobInstance().getJobName())) {
			return Optional.empty();
		}
		return Optional.of(restart(execution));
	}

	private Detail restart(JobExecution execution) {
		String connection = execution.getJobParameters().getString(JobParameterNames.CONNECTION);
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return new Detail(execution, false, "cannot be restarted: it completed");
		}
		if (status == BatchStatus.ABANDONED) {
			return new Detail(execution, false, "cannot be restarted: it was abandoned");
		}
		if (execution.isRunning()) {
			if (this.locks.isHeld(connection)) {
				return new Detail(execution, false, "cannot be restarted: it is running; stop it with: "
						+ "zoho-users-batch stop " + execution.getId());
			}
			return new Detail(execution, true, "its process ended without finishing it (killed?); restart would mark "
					+ "it failed, validate the token again, then " + resumption(execution) + ": zoho-users-batch restart "
					+ execution.getId());
		}
		if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
			return new Detail(execution, false, "cannot be restarted: it is " + status);
		}
		JobExecution last = this.jobRepository.getLastJobExecution(execution.getJobInstance());
		if (last != null && last.getId() != execution.getId()) {
			return new Detail(execution, false, "cannot be restarted: it was restarted as execution " + last.getId()
					+ " (" + last.getStatus() + "); see: zoho-users-batch status " + last.getId());
		}
		long instanceId = execution.getJobInstance().getInstanceId();
		Optional<Long> newerCompleted = this.history.lastCompletedInstance(connection).filter(id -> id > instanceId);
		if (newerCompleted.isPresent()) {
			return new Detail(execution, false, "cannot be restarted: a newer run of connection '" + connection
					+ "' completed (job instance " + newerCompleted.get() + "); give it up with: zoho-users-batch "
					+ "abandon " + execution.getId());
		}
		return new Detail(execution, true, "restart would validate the token again, then " + resumption(execution)
				+ ": zoho-users-batch restart " + execution.getId());
	}

	private String resumption(JobExecution execution) {
		StepExecution aggregate = this.jobRepository.getLastStepExecution(execution.getJobInstance(),
				UsersStepConfiguration.AGGREGATE_STEP);
		if (aggregate == null) {
			return "read the users from page 1";
		}
		if (aggregate.getStatus() == BatchStatus.COMPLETED) {
			return "only reconcile (every users page was read)";
		}
		ReadPosition position = ReadPosition.of(aggregate.getExecutionContext());
		if (!position.isResumed()) {
			return "read the users from page 1";
		}
		return "read users page " + position.checkedPage() + " again to check that Zoho's list still lines up, then "
				+ "resume at users page " + position.page() + ", offset " + position.offset() + " (" + position.read()
				+ " users read before)";
	}

	/**
	 * An execution and what restarting it would do.
	 *
	 * @param execution the execution, with its step executions and their contexts
	 * @param restartable whether {@code restart} accepts it
	 * @param restart one sentence: what restart would do, or why it cannot
	 */
	public record Detail(JobExecution execution, boolean restartable, String restart) {

		/** The host and process that ran the execution, as recorded when it started; null if unknown. */
		public String process() {
			ExecutionContext context = this.execution.getExecutionContext();
			if (!context.containsKey(JobFailureListener.HOST)) {
				return null;
			}
			return context.getString(JobFailureListener.HOST) + " (pid " + context.getLong(JobFailureListener.PID, -1L)
					+ ")";
		}

	}

}
