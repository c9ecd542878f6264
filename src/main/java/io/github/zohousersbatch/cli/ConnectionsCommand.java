package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.job.ExecutionHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code connections}: every connection this program knows (configured in the properties
 * or registered by {@code authorize --client}) with its last run; {@code enable} and
 * {@code disable} take one in and out of fleet runs without touching its data.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
		description = "List the Zoho connections with their client, authorization and last run; "
				+ "enable or disable one for fleet runs (run --all).",
		subcommands = { ConnectionsCommand.Enable.class, ConnectionsCommand.Disable.class })
class ConnectionsCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Mixin
	private FormatOption output;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			ExecutionHistory history = spring.bean(ExecutionHistory.class);
			List<ConnectionReport> reports = spring.bean(Connections.class)
				.all()
				.stream()
				.map(known -> ConnectionReport.of(known, history.recent(known.name(), 1).stream().findFirst()))
				.toList();
			print(reports, this.output.format(), System.out);
			return 0;
		}
	}

	static void print(List<ConnectionReport> reports, OutputFormat format, PrintStream out) {
		if (format == OutputFormat.JSON) {
			out.println(Json.write(reports));
			return;
		}
		if (reports.isEmpty()) {
			out.println("No connections: configure zoho.connections.NAME, or authorize --connection NAME --client "
					+ "CLIENT.");
			return;
		}
		TextTable table = new TextTable("CONNECTION", "DC", "CLIENT", "AUTHORIZED", "LAST RUN", "ENDED", "OUTCOME",
				"ENABLED")
			.alignRight(4);
		for (ConnectionReport report : reports) {
			table.add(report.name(), report.dataCenter(), report.client(), time(report.authorizedAt()),
					report.lastExecutionId(), time(report.lastRunEndedAt()), report.lastOutcome(),
					report.enabled() ? "yes" : "no");
		}
		table.print(out);
	}

	private static String time(OffsetDateTime time) {
		return (time != null) ? TextTable.time(time) : null;
	}

	/**
	 * One connection in {@code connections --format json}.
	 *
	 * @param name connection name
	 * @param source {@code properties} or {@code database}
	 * @param client client of {@code zoho.clients}, or {@code (own)} for a connection
	 * with its own client id
	 * @param dataCenter data centre
	 * @param authorizedAt last authorization, or null
	 * @param authorizedBy who authorized it, or null
	 * @param lastExecutionId latest execution, or null
	 * @param lastRunEndedAt when it ended, or null
	 * @param lastOutcome its status and reason ({@code COMPLETED}, {@code FAILED
	 * (TOKEN_REJECTED)}, ...), or null
	 * @param lastExitCode the exit code it had, or null
	 * @param enabled whether fleet runs include it
	 */
	record ConnectionReport(String name, String source, String client, String dataCenter, OffsetDateTime authorizedAt,
			String authorizedBy, Long lastExecutionId, OffsetDateTime lastRunEndedAt, String lastOutcome,
			Integer lastExitCode, boolean enabled) {

		static ConnectionReport of(Connections.Known known, Optional<JobExecution> last) {
			return new ConnectionReport(known.name(), known.configured() ? "properties" : "database",
					(known.client() != null) ? known.client() : "(own)", known.dataCenter(), known.authorizedAt(),
					known.authorizedBy(), last.map(JobExecution::getId).orElse(null),
					last.map(JobExecution::getEndTime).map(ConnectionsCommand::offset).orElse(null),
					last.map(ConnectionsCommand::outcome).orElse(null),
					last.map(ExecutionOutcome::exitCode).orElse(null), known.enabled());
		}

	}

	private static OffsetDateTime offset(LocalDateTime time) {
		return time.atZone(ZoneId.systemDefault()).toOffsetDateTime();
	}

	private static String outcome(JobExecution execution) {
		String reason = execution.getExitStatus().getExitCode();
		return execution.getStatus().name().equals(reason) ? reason : execution.getStatus() + " (" + reason + ")";
	}

	/** {@code connections enable NAME}. */
	@Command(name = "enable", mixinStandardHelpOptions = true, description = "Include the connection in run --all.")
	static class Enable extends Switch {

		Enable() {
			super(true);
		}

	}

	/** {@code connections disable NAME}. */
	@Command(name = "disable", mixinStandardHelpOptions = true,
			description = "Leave the connection out of run --all; its tokens, users and history stay.")
	static class Disable extends Switch {

		Disable() {
			super(false);
		}

	}

	/** What enable and disable share: the connection named, switched one way. */
	abstract static class Switch implements Callable<Integer> {

		private final boolean enabled;

		@ParentCommand
		private ConnectionsCommand parent;

		@Parameters(paramLabel = "NAME", description = "Connection.", converter = ConnectionNameOption.class)
		private String name;

		Switch(boolean enabled) {
			this.enabled = enabled;
		}

		@Override
		public Integer call() {
			return this.parent.switchTo(this.name, this.enabled);
		}

	}

	private int switchTo(String name, boolean enabled) {
		try (SpringSession spring = this.root.startSpring()) {
			if (!spring.bean(Connections.class).enable(name, enabled)) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION,
						"No connection '" + name + "' (see: zoho-users-batch connections)");
			}
			System.out.println("Connection '" + name + "' " + (enabled ? "enabled" : "disabled") + " for fleet runs.");
			return 0;
		}
	}

}
