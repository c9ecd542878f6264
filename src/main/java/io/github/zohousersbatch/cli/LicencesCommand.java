package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.reporting.LicenceUsage;
import io.github.zohousersbatch.reporting.LicenceUsage.Usage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code licences}: user licences per connection as the latest completed run left them
 * (the {@code zoho_licence_usage} view): purchased, used according to Zoho, consuming a
 * licence according to this job, available, and whether Zoho and this job agree.
 */
@Command(name = "licences", mixinStandardHelpOptions = true,
		description = "User licences per connection: purchased, used according to Zoho, licence-consuming active "
				+ "users according to zoho_licence_rule, available, and whether the two used counts agree.")
class LicencesCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", paramLabel = "NAME", description = "Only this connection (default: all).")
	private String connection;

	@Option(names = "--runs", defaultValue = "1", paramLabel = "N",
			description = "Completed runs per connection, newest first; default: ${DEFAULT-VALUE}.")
	private int runs;

	@Mixin
	private FormatOption output;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			print(spring.bean(LicenceUsage.class).latest(this.connection, Math.max(1, this.runs)), this.output.format(),
					System.out);
			return 0;
		}
	}

	static void print(List<Usage> usages, OutputFormat format, PrintStream out) {
		if (format == OutputFormat.JSON) {
			out.println(Json.write(usages));
			return;
		}
		if (usages.isEmpty()) {
			out.println("No completed runs yet.");
			return;
		}
		TextTable table = new TextTable("CONNECTION", "RUN", "ENDED", "EDITION", "PURCHASED", "USED (ZOHO)",
				"LICENSED (US)", "AVAILABLE", "ACTIVE", "")
			.alignRight(1, 4, 5, 6, 7, 8);
		for (Usage usage : usages) {
			table.add(usage.connectionName(), usage.jobInstanceId(), TextTable.time(usage.runEndedAt()),
					usage.editions(), usage.purchased(), usage.usedByZoho(), usage.licensedUsers(), usage.available(),
					usage.activeUsers(), verdict(usage));
		}
		table.print(out);
	}

	/** Whether Zoho's used count and ours agree, in words. */
	static String verdict(Usage usage) {
		if (Boolean.FALSE.equals(usage.countsInEdition())) {
			return "no licence counts in this edition";
		}
		if (usage.countsMissing() != null) {
			return "Zoho's counts not read: " + usage.countsMissing();
		}
		if (usage.agree() == null) {
			return "";
		}
		if (usage.agree()) {
			return "counts agree";
		}
		long difference = usage.difference();
		return String.format(Locale.ROOT, "Zoho counts %d %s than licence-consuming users (see zoho_licence_rule)",
				Math.abs(difference), (difference > 0) ? "more" : "fewer");
	}

}
