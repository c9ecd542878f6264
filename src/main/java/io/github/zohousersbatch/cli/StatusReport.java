package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.github.zohousersbatch.job.ExecutionDetails.Detail;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What {@code status} prints: the recent executions as a table, or one execution in full
 * with its steps, the remedy and what restart would do; as text for operators or JSON for
 * tools.
 */
final class StatusReport {

	private final PrintStream out;

	private final OutputFormat format;

	StatusReport(PrintStream out, OutputFormat format) {
		this.out = out;
		this.format = format;
	}

	void list(List<JobExecution> executions) {
		if (this.format == OutputFormat.JSON) {
			this.out.println(Json.write(executions.stream().map(ExecutionReport::of).toList()));
			return;
		}
		if (executions.isEmpty()) {
			this.out.println("No executions yet.");
			return;
		}
		TextTable table = new TextTable("ID", "CONNECTION", "STARTED", "DURATION", "STATUS", "EXIT", "READ", "ACTIVE",
				"FILTERED", "DEACTIVATED", "MESSAGE")
			.alignRight(0, 3, 6, 7, 8, 9);
		for (JobExecution e : executions) {
			ExecutionReport report = ExecutionReport.of(e);
			table.add(report.executionId(), report.connection(), time(e.getStartTime()),
					duration(e.getStartTime(), e.getEndTime()), report.status(), exit(report), report.read(),
					report.active(), report.filtered(), report.deactivated(), firstLine(report.message()));
		}
		table.print(this.out);
	}

	/** The recent fleet executions, newest first. */
	void fleets(List<FleetReport> fleets) {
		if (this.format == OutputFormat.JSON) {
			this.out.println(Json.write(fleets));
			return;
		}
		if (fleets.isEmpty()) {
			this.out.println("No fleet executions yet.");
			return;
		}
		TextTable table = new TextTable("ID", "STARTED", "DURATION", "STATUS", "EXIT", "CONNECTIONS", "COMPLETED",
				"MESSAGE")
			.alignRight(0, 5, 6);
		for (FleetReport fleet : fleets) {
			table.add(fleet.executionId(), time(local(fleet.startTime())),
					duration(local(fleet.startTime()), local(fleet.endTime())), fleet.status(),
					(fleet.exitCode() != null) ? fleet.exitCode() + " " + fleet.batchExitCode() : "-",
					fleet.connections().size(), fleet.connectionsCompleted(), firstLine(fleet.message()));
		}
		table.print(this.out);
	}

	/** One fleet execution with each of its connections. */
	void fleet(FleetReport fleet) {
		if (this.format == OutputFormat.JSON) {
			this.out.println(Json.write(fleet));
			return;
		}
		this.out.println("Fleet execution " + fleet.executionId() + ": " + fleet.status() + ", exit "
				+ ((fleet.exitCode() != null) ? fleet.exitCode() + " " + fleet.batchExitCode() : "-"));
		field("Job instance", fleet.jobInstanceId() + " (a fleet run; its restarts run what did not complete)");
		field("Started", time(local(fleet.startTime())));
		field("Ended", time(local(fleet.endTime())));
		field("Message", fleet.message());
		this.out.println();
		fleet.print(this.out);
	}

	private static LocalDateTime local(OffsetDateTime time) {
		return (time != null) ? time.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime() : null;
	}

	void detail(Detail detail) {
		JobExecution execution = detail.execution();
		ExecutionReport report = ExecutionReport.of(execution);
		String remedy = Remedy.of(report.status(), report.batchExitCode(), report.connection());
		List<StepExecution> steps = execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparingLong(StepExecution::getId))
			.toList();
		if (this.format == OutputFormat.JSON) {
			this.out.println(Json.write(new DetailReport(report, detail.process(), remedy, detail.restartable(),
					detail.restart(), steps.stream().map(StepReport::of).toList())));
			return;
		}
		this.out.println("Execution " + report.executionId() + " of connection '" + report.connection() + "': "
				+ report.status() + ", exit " + exit(report));
		field("Job instance", report.jobInstanceId() + " (a run; its restarts are new executions of it)");
		field("Started", time(execution.getStartTime()));
		field("Ended",
				(execution.getEndTime() != null)
						? time(execution.getEndTime()) + " ("
								+ duration(execution.getStartTime(), execution.getEndTime()) + ")"
						: "- (running for " + duration(execution.getStartTime(), null) + ")");
		field("Process", detail.process());
		field("Counts", report.read() + " read, " + report.active() + " active, " + report.filtered() + " filtered, "
				+ report.deactivated() + " deactivated");
		if (report.zohoCount() != null) {
			field("Zoho count", report.zohoCount() + " users; the listing differs by "
					+ String.format(Locale.ROOT, "%+d", report.countDifference()));
		}
		field("Message", report.message());
		field("Remedy", remedy);
		field("Restart", detail.restart());
		this.out.println();
		TextTable table = new TextTable("STEP", "STATUS", "EXIT CODE", "READ", "WRITE", "FILTER", "COMMIT", "ROLLBACK",
				"STARTED", "DURATION")
			.alignRight(3, 4, 5, 6, 7, 9);
		for (StepExecution step : steps) {
			table.add(step.getStepName(), step.getStatus(), step.getExitStatus().getExitCode(), step.getReadCount(),
					step.getWriteCount(), step.getFilterCount(), step.getCommitCount(), step.getRollbackCount(),
					time(step.getStartTime()), duration(step.getStartTime(), step.getEndTime()));
		}
		table.print(this.out);
	}

	private void field(String name, String value) {
		if (value != null) {
			this.out.printf("%-13s %s%n", name, value.replace("\n", "\n" + " ".repeat(14)));
		}
	}

	/**
	 * The process exit code and the job's exit code, e.g. {@code 3 NO_REFRESH_TOKEN}; "-"
	 * while running.
	 */
	private static String exit(ExecutionReport report) {
		return (report.exitCode() != null) ? report.exitCode() + " " + report.batchExitCode() : "-";
	}

	private static String time(LocalDateTime time) {
		return (time != null) ? TextTable.TIME.format(time) : "-";
	}

	private static String duration(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return "-";
		}
		Duration duration = Duration.between(start, (end != null) ? end : LocalDateTime.now());
		String text;
		if (duration.toSeconds() < 60) {
			text = String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
		}
		else if (duration.toMinutes() < 60) {
			text = String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
		}
		else {
			text = String.format(Locale.ROOT, "%d h %02d min", duration.toHours(), duration.toMinutesPart());
		}
		return (end != null) ? text : "~" + text;
	}

	private static String firstLine(String message) {
		if (message == null || message.isBlank()) {
			return "";
		}
		String line = message.lines().findFirst().orElse("");
		return (line.length() > 100) ? line.substring(0, 97) + "..." : line;
	}

	/** {@code status EXECUTION_ID --format json}. */
	record DetailReport(ExecutionReport execution, String process, String remedy, boolean restartable, String restart,
			List<StepReport> steps) {
	}

	/** One step execution in {@link DetailReport}. */
	record StepReport(long stepExecutionId, String name, String status, String exitCode, long read, long write,
			long filter, long commit, long rollback, long readSkip, long processSkip, long writeSkip,
			OffsetDateTime startTime, OffsetDateTime endTime, Long durationMs, String exitMessage) {

		static StepReport of(StepExecution step) {
			String message = step.getExitStatus().getExitDescription();
			return new StepReport(step.getId(), step.getStepName(), step.getStatus().name(),
					step.getExitStatus().getExitCode(), step.getReadCount(), step.getWriteCount(),
					step.getFilterCount(), step.getCommitCount(), step.getRollbackCount(), step.getReadSkipCount(),
					step.getProcessSkipCount(), step.getWriteSkipCount(), ExecutionReport.offset(step.getStartTime()),
					ExecutionReport.offset(step.getEndTime()),
					ExecutionReport.durationMs(step.getStartTime(), step.getEndTime()),
					(message == null || message.isBlank()) ? null : message);
		}

	}

}
