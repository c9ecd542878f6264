package io.github.zohousersbatch.job;

import io.github.zohousersbatch.ZohoJob;
import org.slf4j.MDC;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Every log line of a run carries the execution and its connection, and every line of a
 * step the step, as SLF4J MDC entries {@value #EXECUTION}, {@value #CONNECTION} and
 * {@value #STEP}: Spring Boot's structured logging ({@code --log-format json}) writes
 * them into each JSON line ({@code "zoho":{"execution":..,"connection":..,"step":..}} in
 * ECS), for log shippers to index. Threads the run hands work to copy the MDC of the
 * thread that hands it.
 * <p>
 * Ordered first: its {@code beforeJob} runs before the other listeners' and its
 * {@code afterJob} after theirs. A step's readers log when they close, after the step's
 * listeners, so the step stays until the next step or the end of the job
 * ({@link #stepsEnded()}).
 */
@Component
class RunLogContext implements JobExecutionListener, StepExecutionListener, Ordered {

	/** The job execution id. */
	static final String EXECUTION = "zoho.execution";

	/** The connection name. */
	static final String CONNECTION = "zoho.connection";

	/** The step under way. */
	static final String STEP = "zoho.step";

	@Override
	public void beforeJob(JobExecution execution) {
		MDC.put(EXECUTION, String.valueOf(execution.getId()));
		MDC.put(CONNECTION, execution.getJobParameters().getString(ZohoJob.CONNECTION));
	}

	@Override
	public void afterJob(JobExecution execution) {
		MDC.remove(STEP);
		MDC.remove(EXECUTION);
		MDC.remove(CONNECTION);
	}

	@Override
	public void beforeStep(StepExecution execution) {
		MDC.put(STEP, execution.getStepName());
	}

	@Override
	public ExitStatus afterStep(StepExecution execution) {
		return null;
	}

	/**
	 * A listener without order, whose {@code afterJob} runs before the ordered ones': the
	 * lines the job logs when it ends carry no step.
	 */
	JobExecutionListener stepsEnded() {
		return new JobExecutionListener() {

			@Override
			public void afterJob(JobExecution execution) {
				MDC.remove(STEP);
			}

		};
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
