package io.github.zohousersbatch.job;

import java.time.Duration;
import java.util.Locale;

import io.github.zohousersbatch.ZohoJob;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Logs one summary line per execution, the line an operator greps for:
 * {@code Execution 12 of connection 'crm' COMPLETED in 3.2 s: 450 read, 263 active, 187 filtered, 0 deactivated}.
 */
@Component
class ExecutionSummaryListener implements JobExecutionListener, Ordered {

	private static final Logger log = LoggerFactory.getLogger(ExecutionSummaryListener.class);

	@Override
	public void afterJob(JobExecution execution) {
		ExecutionCounts counts = ExecutionCounts.of(execution);
		String outcome = (execution.getStatus() == BatchStatus.COMPLETED) ? "COMPLETED"
				: execution.getStatus() + " (" + execution.getExitStatus().getExitCode() + ")";
		Duration duration = (execution.getStartTime() != null && execution.getEndTime() != null)
				? Duration.between(execution.getStartTime(), execution.getEndTime()) : Duration.ZERO;
		String line = String.format(Locale.ROOT,
				"Execution %d of connection '%s' %s in %.1f s: %d read, %d active, %d filtered, " + "%d deactivated",
				execution.getId(), execution.getJobParameters().getString(ZohoJob.CONNECTION), outcome,
				duration.toMillis() / 1000.0, counts.read(), counts.active(), counts.filtered(), counts.deactivated())
				+ counts.notes();
		if (execution.getStatus() == BatchStatus.COMPLETED) {
			log.info(line);
		}
		else {
			log.warn(line);
		}
	}

	// Ordered listeners' afterJob runs after the unordered ones', so the exit code
	// JobFailureListener sets is known.
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
