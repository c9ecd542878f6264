package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.ExecutionCounts;

import org.springframework.batch.core.job.JobExecution;

/**
 * One execution as tools read it: the {@code --summary-file} of {@code run} and
 * {@code restart}, and the items of {@code status --format json}. When a command failed
 * before an execution existed, only what is known is filled in: the ids, status and times
 * are null.
 *
 * @param executionId job execution id
 * @param jobInstanceId job instance id (one per run; its restarts share it)
 * @param connection Zoho connection
 * @param status batch status (COMPLETED, FAILED, STOPPED, ABANDONED, STARTED, ...)
 * @param exitCode the process exit code of the command for this execution; null while it
 * runs
 * @param batchExitCode the job's {@code EXIT_CODE} (COMPLETED, FAILED, NO_REFRESH_TOKEN,
 * ...)
 * @param read users read by this execution
 * @param active users written as active by this execution
 * @param filtered users filtered out by this execution
 * @param deactivated users deactivated by this execution's reconciliation
 * @param sanitised fields of user records changed to fit their columns; null when no
 * execution was started
 * @param rereads why the run read every page again from page 1; null when no execution
 * was started
 * @param zohoCount Zoho's count of users the read was checked against; null when not
 * checked
 * @param countDifference distinct users listed minus Zoho's count; null when not checked
 * @param startTime start of the execution
 * @param endTime end of the execution; null while it runs
 * @param durationMs duration in milliseconds; null while it runs
 * @param message why it did not complete, with the remedy; null when it completed
 */
record ExecutionReport(Long executionId, Long jobInstanceId, String connection, String status, Integer exitCode,
		String batchExitCode, long read, long active, long filtered, long deactivated, Long sanitised,
		List<String> rereads, Long zohoCount, Long countDifference, OffsetDateTime startTime, OffsetDateTime endTime,
		Long durationMs, String message) {

	static ExecutionReport of(JobExecution execution) {
		ExecutionCounts counts = ExecutionCounts.of(execution);
		boolean ended = !execution.isRunning();
		return new ExecutionReport(execution.getId(), execution.getJobInstance().getInstanceId(),
				execution.getJobParameters().getString(ZohoJob.CONNECTION), execution.getStatus().name(),
				ended ? ExecutionOutcome.exitCode(execution) : null, execution.getExitStatus().getExitCode(),
				counts.read(), counts.active(), counts.filtered(), counts.deactivated(), counts.sanitised(),
				counts.rereads(), counts.zohoCount(), counts.countDifference(), offset(execution.getStartTime()),
				offset(execution.getEndTime()), durationMs(execution.getStartTime(), execution.getEndTime()),
				blankToNull(execution.getExitStatus().getExitDescription()));
	}

	/**
	 * A command that failed before it had an execution (configuration error, already
	 * running, ...).
	 */
	static ExecutionReport failedBeforeExecution(String connection, Throwable failure) {
		FailureReason reason = Failures.reasonOf(failure);
		return new ExecutionReport(null, null, connection, null, reason.exitCode(), reason.name(), 0, 0, 0, 0, null,
				null, null, null, null, null, null, Failures.messageOf(failure));
	}

	/**
	 * A command that had nothing to do, such as {@code restart --last-failed} after a
	 * completed run.
	 */
	static ExecutionReport nothingToDo(String connection, String message) {
		return new ExecutionReport(null, null, connection, null, 0, null, 0, 0, 0, 0, null, null, null, null, null,
				null, null, message);
	}

	// Spring Batch stores local times of the process that wrote them; shown with this
	// machine's offset
	static OffsetDateTime offset(LocalDateTime time) {
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toOffsetDateTime() : null;
	}

	static Long durationMs(LocalDateTime start, LocalDateTime end) {
		return (start != null && end != null) ? Duration.between(start, end).toMillis() : null;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
