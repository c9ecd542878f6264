package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.reporting.RunHistory;
import io.github.zohousersbatch.reporting.RunHistory.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code history}: the active users of each completed run, newest first, with the change
 * versus the previous run, so that a sudden drop stands out.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
		description = "Active users per completed run, newest first, with the change versus the previous run; "
				+ "a drop larger than --drop-alert is marked.")
class HistoryCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, paramLabel = "NAME",
			description = "Only this connection (default: all).")
	private String connection;

	@Option(names = "--limit", defaultValue = "20", paramLabel = "N",
			description = "How many runs; default: ${DEFAULT-VALUE}.")
	private int limit;

	@Option(names = "--drop-alert", defaultValue = "10", paramLabel = "PERCENT",
			description = "Mark runs whose active users fell by more than this share of the previous run's; "
					+ "default: ${DEFAULT-VALUE}.")
	private double dropAlertPercent;

	@Mixin
	private FormatOption output;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			print(spring.bean(RunHistory.class).latest(this.connection, this.limit), this.dropAlertPercent,
					this.output.format(), System.out);
			return 0;
		}
	}

	static void print(List<Run> runs, double dropAlertPercent, OutputFormat format, PrintStream out) {
		if (format == OutputFormat.JSON) {
			out.println(Json.write(runs.stream().map(run -> HistoryReport.of(run, dropAlertPercent)).toList()));
			return;
		}
		if (runs.isEmpty()) {
			out.println("No completed runs yet.");
			return;
		}
		TextTable table = new TextTable("CONNECTION", "RUN", "EXECUTIONS", "ENDED", "ACTIVE", "DELTA", "READ",
				"FILTERED", "DEACTIVATED", "")
			.alignRight(1, 4, 5, 6, 7, 8);
		for (Run run : runs) {
			String executions = (run.firstExecutionId() == run.lastExecutionId())
					? String.valueOf(run.lastExecutionId()) : run.firstExecutionId() + ".." + run.lastExecutionId();
			table.add(run.connectionName(), run.jobInstanceId(), executions, TextTable.time(run.endedAt()),
					run.active(), delta(run), run.read(), run.filtered(), run.deactivated(),
					run.dropExceeds(dropAlertPercent) ? "<< DROP" : "");
		}
		table.print(out);
	}

	private static String delta(Run run) {
		if (run.delta() == null) {
			return "(first)";
		}
		String delta = String.format(Locale.ROOT, "%+d", run.delta());
		return (run.deltaPercent() != null) ? delta + String.format(Locale.ROOT, " (%+.1f%%)", run.deltaPercent())
				: delta;
	}

	/** One run in {@code history --format json}. */
	record HistoryReport(String connection, long jobInstanceId, long firstExecutionId, long lastExecutionId,
			OffsetDateTime startedAt, OffsetDateTime endedAt, long read, long active, long filtered, long deactivated,
			Long previousActive, Long delta, BigDecimal deltaPercent, boolean dropAlert) {

		static HistoryReport of(Run run, double dropAlertPercent) {
			return new HistoryReport(run.connectionName(), run.jobInstanceId(), run.firstExecutionId(),
					run.lastExecutionId(), run.startedAt(), run.endedAt(), run.read(), run.active(), run.filtered(),
					run.deactivated(), run.previousActive(), run.delta(), run.deltaPercent(),
					run.dropExceeds(dropAlertPercent));
		}

	}

}
