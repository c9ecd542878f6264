package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.time.LocalDateTime;

import io.github.zohousersbatch.FailureReason;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * How an ended execution is reported: one line on standard output, and the exit code a scheduler acts on.
 */
final class ExecutionOutcome {

	private ExecutionOutcome() {
	}

	static int report(JobExecution execution) {
		System.out.println(line(execution));
		return exitCode(execution);
	}

	static int exitCode(JobExecution execution) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			return 0;
		}
		if (status == BatchStatus.STOPPED) {
			return FailureReason.STOPPED.exitCode();
		}
		return FailureReason.fromExitCode(execution.getExitStatus().getExitCode()).exitCode();
	}

	static String line(JobExecution execution) {
		long read = 0;
		long active = 0;
		long filtered = 0;
		long deactivated = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStepName().equals("aggregateUsers")) {
				read = step.getReadCount();
				active = step.getWriteCount();
				filtered = step.getFilterCount();
			}
			if (step.getStepName().equals("reconcileUsers")) {
				deactivated = step.getWriteCount();
			}
		}
		StringBuilder line = new StringBuilder().append("Execution ")
			.append(execution.getId())
			.append(" of connection '")
			.append(execution.getJobParameters().getString("connection"))
			.append("' ")
			.append(execution.getStatus())
			.append(" in ")
			.append(seconds(execution.getStartTime(), execution.getEndTime()))
			.append(": ")
			.append(read)
			.append(" users read, ")
			.append(active)
			.append(" active, ")
			.append(filtered)
			.append(" filtered, ")
			.append(deactivated)
			.append(" deactivated");
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			line.append(System.lineSeparator())
				.append(execution.getExitStatus().getExitCode())
				.append(": ")
				.append(execution.getExitStatus().getExitDescription());
		}
		return line.toString();
	}

	private static String seconds(LocalDateTime start, LocalDateTime end) {
		if (start == null || end == null) {
			return "?";
		}
		return String.format("%.1f s", Duration.between(start, end).toMillis() / 1000.0);
	}

}
