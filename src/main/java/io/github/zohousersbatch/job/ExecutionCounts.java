package io.github.zohousersbatch.job;

import io.github.zohousersbatch.users.UsersStepConfiguration;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What one execution did, from its steps: users read from Zoho, kept as active (written), filtered out, and
 * deactivated by the reconciliation.
 *
 * @param read users read by the aggregateUsers step of this execution
 * @param active users written as active by this execution
 * @param filtered users read with another status
 * @param deactivated users switched to inactive by this execution's reconciliation
 */
public record ExecutionCounts(long read, long active, long filtered, long deactivated) {

	static final String RECONCILE_STEP = "reconcileUsers";

	public static ExecutionCounts of(JobExecution execution) {
		long read = 0;
		long active = 0;
		long filtered = 0;
		long deactivated = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStepName().equals(UsersStepConfiguration.AGGREGATE_STEP)) {
				read = step.getReadCount();
				active = step.getWriteCount();
				filtered = step.getFilterCount();
			}
			if (step.getStepName().equals(RECONCILE_STEP)) {
				deactivated = step.getWriteCount();
			}
		}
		return new ExecutionCounts(read, active, filtered, deactivated);
	}

}
