package io.github.zohousersbatch.job;

import io.github.zohousersbatch.http.Retrying;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.stereotype.Component;

/**
 * Forgets an execution's retry budget when it ends: the budget is shared by the steps of
 * one execution, and a restart, being a new execution, starts with a full one.
 */
@Component
class RetryBudgetListener implements JobExecutionListener {

	private final Retrying retrying;

	RetryBudgetListener(Retrying retrying) {
		this.retrying = retrying;
	}

	@Override
	public void afterJob(JobExecution execution) {
		this.retrying.forget(execution.getId());
	}

}
