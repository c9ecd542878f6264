package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.ExecutionHistory.ExecutionSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: the recent executions, newest first, as a table.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "List recent executions, newest first.")
class StatusCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final String ROW = "%-6s %-10s %-19s %9s %-9s %-16s %7s %7s %8s %11s  %s%n";

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", paramLabel = "NAME", description = "Only this connection.")
	private String connection;

	@Option(names = "--limit", defaultValue = "20", paramLabel = "N",
			description = "How many executions; default: ${DEFAULT-VALUE}.")
	private int limit;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			List<ExecutionSummary> executions = spring.bean(ExecutionHistory.class).recent(this.connection, this.limit);
			if (executions.isEmpty()) {
				System.out.println("No executions yet.");
				return 0;
			}
			System.out.printf(ROW, "ID", "CONNECTION", "STARTED", "DURATION", "STATUS", "EXIT CODE", "READ", "ACTIVE",
					"FILTERED", "DEACTIVATED", "MESSAGE");
			for (ExecutionSummary e : executions) {
				System.out.printf(ROW, e.executionId(), e.connectionName(),
						(e.startTime() != null) ? TIME.format(e.startTime()) : "-",
						duration(e.startTime(), e.endTime()), e.status(), e.exitCode(), e.read(), e.active(),
						e.filtered(), e.deactivated(), firstLine(e.exitMessage()));
			}
			return 0;
		}
	}

	private static String duration(LocalDateTime start, LocalDateTime end) {
		if (start == null) {
			return "-";
		}
		long seconds = Duration.between(start, (end != null) ? end : LocalDateTime.now()).toSeconds();
		return (end != null ? "" : "~") + seconds + "s";
	}

	private static String firstLine(String message) {
		if (message == null || message.isBlank()) {
			return "";
		}
		String line = message.lines().findFirst().orElse("");
		return (line.length() > 100) ? line.substring(0, 97) + "..." : line;
	}

}
