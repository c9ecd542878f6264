package io.github.zohousersbatch.job;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Component;

/**
 * Turns the outcome of an execution into what operators read: the job's {@code EXIT_CODE}
 * is the {@link FailureReason} and {@code EXIT_MESSAGE} one actionable sentence, instead
 * of a truncated stack trace. It also records which process runs the execution, for
 * telling a live execution from a dead one.
 */
@Component
class JobFailureListener implements JobExecutionListener {

	private static final String HOST = "process.host";

	private static final String PID = "process.pid";

	private static final Logger log = LoggerFactory.getLogger(JobFailureListener.class);

	@Override
	public void beforeJob(JobExecution execution) {
		execution.getExecutionContext().putString(HOST, hostName());
		execution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
		log.info("Execution {} of connection '{}' started (job instance {})", execution.getId(),
				execution.getJobParameters().getString(ZohoJob.CONNECTION), execution.getJobInstance().getInstanceId());
	}

	/**
	 * The host and process that ran the execution, as recorded when it started, e.g.
	 * {@code vm (pid 543)}.
	 */
	static Optional<String> processOf(JobExecution execution) {
		ExecutionContext context = execution.getExecutionContext();
		if (!context.containsKey(HOST)) {
			return Optional.empty();
		}
		return Optional.of(context.getString(HOST) + " (pid " + context.getLong(PID, -1L) + ")");
	}

	@Override
	public void afterJob(JobExecution execution) {
		if (execution.getStatus() == BatchStatus.STOPPED) {
			execution.setExitStatus(new ExitStatus(FailureReason.STOPPED.name(), "Stopped by an operator at a chunk "
					+ "boundary; resume with: zoho-users-batch restart " + execution.getId()));
			log.warn("Execution {} stopped", execution.getId());
			return;
		}
		if (execution.getStatus() != BatchStatus.FAILED) {
			return;
		}
		Optional<Throwable> failure = firstFailure(execution);
		FailureReason reason = failure.map(Failures::reasonOf).orElse(FailureReason.FAILED);
		String step = failedStep(execution).map(s -> s.getStepName() + ": ").orElse("");
		String message = step + failure.map(Failures::messageOf).orElse("failed without an exception");
		execution.setExitStatus(new ExitStatus(reason.name(), message));
		log.error("Execution {} failed ({}): {}", execution.getId(), reason, message);
	}

	private static Optional<Throwable> firstFailure(JobExecution execution) {
		return failedStep(execution).flatMap(step -> step.getFailureExceptions().stream().findFirst())
			.or(() -> execution.getFailureExceptions().stream().findFirst());
	}

	private static Optional<StepExecution> failedStep(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStatus() == BatchStatus.FAILED)
			.max(Comparator.comparingLong(StepExecution::getId));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return ManagementFactory.getRuntimeMXBean().getName();
		}
	}

}
