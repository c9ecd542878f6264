package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.ExecutionCounts;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * How an ended execution is reported: one line on standard output, and the exit code a
 * scheduler acts on.
 */
final class ExecutionOutcome {

	private ExecutionOutcome() {
	}

	static int report(JobExecution execution) {
		System.out.println(line(execution));
		return exitCode(execution);
	}

	static int exitCode(JobExecution execution) {
		return exitCode(execution.getStatus(), execution.getExitStatus().getExitCode());
	}

	/**
	 * The process exit code of an execution that ended, from its status and the job's
	 * {@code EXIT_CODE}.
	 */
	static int exitCode(BatchStatus status, String batchExitCode) {
		if (status == BatchStatus.COMPLETED) {
			return 0;
		}
		if (status == BatchStatus.STOPPED) {
			return FailureReason.STOPPED.exitCode();
		}
		return FailureReason.fromExitCode(batchExitCode).exitCode();
	}

	static String line(JobExecution execution) {
		ExecutionCounts counts = ExecutionCounts.of(execution);
		StringBuilder line = new StringBuilder().append("Execution ")
			.append(execution.getId())
			.append(" of connection '")
			.append(execution.getJobParameters().getString(ZohoJob.CONNECTION))
			.append("' ")
			.append(execution.getStatus())
			.append(" in ")
			.append(seconds(execution.getStartTime(), execution.getEndTime()))
			.append(": ")
			.append(counts.read())
			.append(" users read, ")
			.append(counts.active())
			.append(" active, ")
			.append(counts.filtered())
			.append(" filtered, ")
			.append(counts.deactivated())
			.append(" deactivated")
			.append(counts.notes());
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			line.append(System.lineSeparator())
				.append(execution.getExitStatus().getExitCode())
				.append(": ")
				.append(execution.getExitStatus().getExitDescription());
		}
		return line.toString();
	}

	static String seconds(LocalDateTime start, LocalDateTime end) {
		if (start == null || end == null) {
			return "?";
		}
		return String.format(Locale.ROOT, "%.1f s", Duration.between(start, end).toMillis() / 1000.0);
	}

}
