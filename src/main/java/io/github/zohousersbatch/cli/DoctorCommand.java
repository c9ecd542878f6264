package io.github.zohousersbatch.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.doctor.DoctorReport;
import io.github.zohousersbatch.doctor.DoctorReport.Check;
import io.github.zohousersbatch.doctor.ZohoDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code doctor}: what this organisation's Zoho really does with the assumptions the job
 * rests on, as a report a customer can paste into a bug; exit 0 when every assumption
 * holds, 1 otherwise, with the remedy.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
		description = "Check, read-only, what this job assumes of a connection's Zoho organisation: scopes, data "
				+ "centre and API domain, edition, user licence feature, Zoho's count of users against its listing "
				+ "per type, paging past 2,000 users, concurrency limit; spending at most --max-credits API credits. "
				+ "Exit 0 when every assumption holds, 1 otherwise (with the remedy); token failures as for run.")
class DoctorCommand implements Callable<Integer> {

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", defaultValue = "default", paramLabel = "NAME",
			description = "Zoho connection (zoho.connections.NAME.*); default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--max-credits", defaultValue = "100", paramLabel = "N",
			description = "Most Zoho API credits the checks may use (one per call; at least 7, what the checks "
					+ "before the listings need; listings that do not fit are skipped); default: ${DEFAULT-VALUE}.")
	private int maxCredits;

	@Mixin
	private FormatOption output;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			DoctorReport report = spring.bean(ZohoDoctor.class).diagnose(this.connection, Math.max(7, this.maxCredits));
			print(report, this.output.format(), System.out);
			return report.healthy() ? 0 : 1;
		}
	}

	static void print(DoctorReport report, OutputFormat format, PrintStream out) {
		if (format == OutputFormat.JSON) {
			out.println(Json.write(report));
			return;
		}
		out.println("zoho-users-batch doctor, connection '" + report.connection() + "': "
				+ (report.healthy() ? "every assumption holds" : "some assumptions do not hold"));
		TextTable table = new TextTable("CHECK", "RESULT", "DETAIL");
		for (Check check : report.checks()) {
			table.add(check.name(), check.result(), check.detail());
		}
		table.print(out);
		for (Check check : report.checks()) {
			if (check.remedy() != null) {
				out.println();
				out.println(check.name() + " (" + check.result() + "): " + check.remedy());
			}
		}
	}

}
