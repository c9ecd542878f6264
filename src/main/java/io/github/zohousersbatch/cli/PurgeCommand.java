package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.github.zohousersbatch.job.HistoryRetention;
import io.github.zohousersbatch.job.RetentionProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code purge}: forgets runs older than a horizon, as {@code zoho.retention.history}
 * does after each completed run.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
		description = { "Delete the runs that ended longer ago than --older-than: Spring Batch's metadata of their "
				+ "executions and this job's rows of them (completed runs, changes, licence counts, rejects, fleet "
				+ "members).",
				"The latest completed run of each connection stays, and so does anything running or that a restart "
						+ "could still resume." })
class PurgeCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--older-than", required = true, paramLabel = "DURATION",
			description = "How old a run must be to go: 180d, 12h, P180D.")
	private Duration olderThan;

	@Option(names = "--connection", paramLabel = "NAME", description = "Only this connection's runs (default: all).")
	private String connection;

	@Option(names = "--dry-run", description = "Print what would go, delete nothing.")
	private boolean dryRun;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			Map<String, Long> purged = spring.bean(HistoryRetention.class)
				.purge(this.olderThan, this.connection, this.dryRun);
			String rows = purged.entrySet()
				.stream()
				.filter(entry -> !entry.getKey().equals("runs"))
				.map(entry -> entry.getValue() + " " + entry.getKey())
				.collect(Collectors.joining(", "));
			System.out.printf("%s %d runs that ended more than %s ago: %s%n", this.dryRun ? "Would purge" : "Purged",
					purged.get("runs"), RetentionProperties.text(this.olderThan), rows);
			return 0;
		}
	}

}
