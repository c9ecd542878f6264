package io.github.zohousersbatch.job;

import java.util.Optional;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.users.ReadPosition;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Service;

/**
 * One execution in full for {@code status EXECUTION_ID}: its steps from the job
 * repository, and what {@code restart} would do with it, judged by the
 * {@link RestartRules} that {@code restart} applies, without taking any lock.
 */
@Service
public class ExecutionDetails {

	private final JobRepository jobRepository;

	private final ExecutionHistory history;

	private final RestartRules rules;

	private final ConnectionLock locks;

	ExecutionDetails(JobRepository jobRepository, ExecutionHistory history, RestartRules rules, ConnectionLock locks) {
		this.jobRepository = jobRepository;
		this.history = history;
		this.rules = rules;
		this.locks = locks;
	}

	/**
	 * The execution with its steps, or empty when there is no such execution of our job.
	 */
	public Optional<Detail> find(long executionId) {
		return this.history.find(executionId).map(this::restart);
	}

	private Detail restart(JobExecution execution) {
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		if (execution.isRunning() && this.locks.isHeld(connection)) {
			return new Detail(execution, false, "cannot be restarted: it is running; stop it with: "
					+ "zoho-users-batch stop " + execution.getId());
		}
		Optional<String> refusal = this.rules.refusal(execution);
		if (refusal.isPresent()) {
			return new Detail(execution, false, "cannot be restarted: " + refusal.get());
		}
		String recovery = execution.isRunning()
				? "its process ended without finishing it (killed?); restart would mark "
						+ "it failed, validate the token again, then "
				: "restart would validate the token again, then ";
		return new Detail(execution, true,
				recovery + resumption(execution) + ": zoho-users-batch restart " + execution.getId());
	}

	private String resumption(JobExecution execution) {
		StepExecution aggregate = this.jobRepository.getLastStepExecution(execution.getJobInstance(),
				ZohoJob.AGGREGATE_USERS_STEP);
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

		/**
		 * The host and process that ran the execution, as recorded when it started; null
		 * if unknown.
		 */
		public String process() {
			return JobFailureListener.processOf(this.execution).orElse(null);
		}

	}

}
