package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.util.List;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.fleet.FleetOutcomes.ConnectionOutcome;
import io.github.zohousersbatch.job.ExecutionHistory;

import org.springframework.batch.core.job.JobExecution;

/**
 * A fleet execution as operators and tools read it: the {@code --summary-file} of a fleet
 * {@code run} or {@code restart}, {@code status} of a fleet execution. Every connection
 * is listed with its own execution, outcome, counts and remedy.
 *
 * @param executionId fleet job execution id
 * @param jobInstanceId fleet job instance id (a fleet run; its restarts share it)
 * @param fleet always true: tells a fleet summary from a connection's
 * @param status batch status of the fleet execution
 * @param exitCode the process exit code: 0 when every connection completed, else the most
 * urgent of theirs (jobs/EXIT-CODES.md); null while it runs
 * @param batchExitCode the fleet job's {@code EXIT_CODE}
 * @param connectionsCompleted connections that completed
 * @param startTime start of the fleet execution
 * @param endTime its end; null while it runs
 * @param durationMs its duration; null while it runs
 * @param message which connections did not complete; null when all did
 * @param connections every connection of the run, in order
 */
record FleetReport(long executionId, long jobInstanceId, boolean fleet, String status, Integer exitCode,
		String batchExitCode, long connectionsCompleted, OffsetDateTime startTime, OffsetDateTime endTime,
		Long durationMs, String message, List<Member> connections) {

	static FleetReport of(JobExecution execution, List<ConnectionOutcome> outcomes) {
		boolean ended = !execution.isRunning();
		String message = execution.getExitStatus().getExitDescription();
		return new FleetReport(execution.getId(), execution.getJobInstance().getInstanceId(), true,
				execution.getStatus().name(), ended ? ExecutionOutcome.exitCode(execution) : null,
				execution.getExitStatus().getExitCode(), outcomes.stream().filter(ConnectionOutcome::completed).count(),
				ExecutionReport.offset(execution.getStartTime()), ExecutionReport.offset(execution.getEndTime()),
				ExecutionReport.durationMs(execution.getStartTime(), execution.getEndTime()),
				(message == null || message.isBlank()) ? null : message, outcomes.stream().map(Member::of).toList());
	}

	/** One line for the person who ran it, the table of connections above it. */
	void print(PrintStream out) {
		TextTable table = new TextTable("CONNECTION", "EXECUTION", "OUTCOME", "EXIT", "READ", "ACTIVE", "DEACTIVATED",
				"WORKER", "REMEDY")
			.alignRight(1, 3, 4, 5, 6);
		for (Member member : this.connections) {
			ExecutionReport run = member.execution();
			table.add(member.connection(), (run != null) ? run.executionId() : null, member.outcome(),
					member.exitCode(), (run != null) ? run.read() : null, (run != null) ? run.active() : null,
					(run != null) ? run.deactivated() : null, (member.worker() != null) ? member.worker() : "",
					(member.remedy() != null) ? member.remedy() : "");
		}
		table.print(out);
		out.println(
				"Fleet execution " + this.executionId + " " + this.status + ": " + this.connectionsCompleted + " of "
						+ this.connections.size() + " connections completed"
						+ ((this.exitCode != null && this.exitCode != 0)
								? "; exit " + this.exitCode + " " + this.batchExitCode
										+ "; once the causes are fixed: zoho-users-batch restart " + this.executionId
								: ""));
	}

	/**
	 * One connection of the fleet.
	 *
	 * @param connection connection name
	 * @param outcome {@code COMPLETED}, {@code SUPERSEDED} (a newer run completed it,
	 * counted as completed), {@code RUNNING} or the reason it did not complete
	 * @param exitCode the exit code a run of this connection alone would have had; null
	 * while it runs
	 * @param message why it did not complete, or which execution superseded it; null
	 * otherwise
	 * @param remedy what to do about it; null when nothing is to be done
	 * @param worker the process that ran the connection's latest execution, host and PID
	 * (this one, or a worker of a remote fleet run); null when none started
	 * @param execution the connection's own latest execution in this fleet run; null when
	 * none started
	 */
	record Member(String connection, String outcome, Integer exitCode, String message, String remedy, String worker,
			ExecutionReport execution) {

		static Member of(ConnectionOutcome outcome) {
			JobExecution run = outcome.run();
			ExecutionReport execution = (run != null) ? ExecutionReport.of(run) : null;
			String worker = (run != null) ? ExecutionHistory.processOf(run).orElse(null) : null;
			if (outcome.supersededBy() != null) {
				return new Member(outcome.connection(), "SUPERSEDED", 0, outcome.message(), null, worker, execution);
			}
			if (outcome.completed()) {
				boolean running = run != null && run.isRunning();
				return new Member(outcome.connection(), running ? "RUNNING" : "COMPLETED", running ? null : 0, null,
						null, worker, execution);
			}
			FailureReason reason = outcome.reason();
			return new Member(outcome.connection(), reason.name(), reason.exitCode(), outcome.message(),
					(reason == FailureReason.ALREADY_RUNNING)
							? "Another execution of this connection runs; this one waits for the fleet's restart."
							: Remedy.of("FAILED", reason.name(), outcome.connection()),
					worker, execution);
		}

	}

}
