package io.github.zohousersbatch.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.auth.Authorization;
import io.github.zohousersbatch.auth.BrowserAuthorization;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.db.EmbeddedDatabase;
import io.github.zohousersbatch.job.JobRuns;
import io.github.zohousersbatch.reporting.LicenceUsage;
import io.github.zohousersbatch.reporting.SnowFile;
import io.github.zohousersbatch.reporting.SnowHandOff;
import io.github.zohousersbatch.reporting.SnowSteps;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code demo}: the whole product against the bundled Zoho sandbox: authorize a
 * connection named {@code demo} with a grant code, run the job, and show what landed and
 * how to query it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
		description = "Authorize and run against a bundled Zoho sandbox on loopback, then report what landed.")
class DemoCommand implements Callable<Integer> {

	static final String CONNECTION = "demo";

	// how the demo's own messages name this program
	private static final String COMMAND = "java -jar target/zoho-users-batch.jar";

	private static final String DEFAULT_USERS = "450";

	@ParentCommand
	private RootCommand root;

	private final boolean onlyWithoutConnections;

	@Option(names = "--users", defaultValue = DEFAULT_USERS, paramLabel = "N",
			description = "Users in the sandbox organisation; default: ${DEFAULT-VALUE}.")
	private int users = Integer.parseInt(DEFAULT_USERS);

	@Option(names = "--browser",
			description = "Authorize through the sandbox's consent page and the loopback redirect (as with a "
					+ "Server-based client) instead of with a grant code.")
	private boolean browser;

	DemoCommand() {
		this(null, false);
	}

	DemoCommand(RootCommand root, boolean onlyWithoutConnections) {
		this.root = root;
		this.onlyWithoutConnections = onlyWithoutConnections;
	}

	@Override
	public Integer call() {
		DesktopBrowser desktop = this.browser ? DesktopBrowser.probe() : DesktopBrowser.none();
		try (ZohoSandbox sandbox = ZohoSandbox.start(this.users, Duration.ZERO);
				SpringSession spring = this.root.startSpring(sandboxConnection(sandbox))) {
			if (this.onlyWithoutConnections && hasOwnConnections(spring)) {
				System.err.println(
						"Zoho connections are configured: give a command (run, restart, status, ...); see --help.");
				return 2;
			}
			System.out.println("Demo: the Zoho sandbox at " + sandbox.baseUrl() + " serves " + this.users + " users.");
			if (this.browser) {
				spring.bean(BrowserAuthorization.class)
					.authorize(CONNECTION,
							COMMAND + " demo --browser"
									+ ((this.users != Integer.parseInt(DEFAULT_USERS)) ? " --users " + this.users : ""),
							consent -> AuthorizeCommand.showConsent(consent, desktop));
				System.out.println("Authorized connection '" + CONNECTION + "' through the sandbox's consent page.");
			}
			else {
				spring.bean(Authorization.class).authorizeWithCode(CONNECTION, sandbox.issueGrantCode());
				System.out.println("Authorized connection '" + CONNECTION + "' with a grant code, as with a Zoho Self "
						+ "Client.");
			}
			JobExecution execution = spring.bean(JobRuns.class).run(CONNECTION);
			int exitCode = ExecutionOutcome.report(execution);
			report(spring, sandbox);
			if (execution.getStatus() == BatchStatus.COMPLETED) {
				reportSnow(spring, execution);
			}
			reportQueries(spring);
			return exitCode;
		}
		catch (Exception ex) {
			throw (ex instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
	}

	private static Map<String, String> sandboxConnection(ZohoSandbox sandbox) {
		String prefix = "zoho.connections." + CONNECTION + ".";
		return Map.of(prefix + "client-id", sandbox.clientId(), prefix + "client-secret", sandbox.clientSecret(),
				prefix + "accounts-url", sandbox.baseUrl());
	}

	private static boolean hasOwnConnections(SpringSession spring) {
		return spring.bean(ZohoProperties.class)
			.connections()
			.keySet()
			.stream()
			.anyMatch(name -> !name.equals(CONNECTION));
	}

	private static void report(SpringSession spring, ZohoSandbox sandbox) {
		JdbcClient jdbc = spring.bean(JdbcClient.class);
		System.out.println();
		System.out.println("The sandbox served " + sandbox.users().count() + " users, " + sandbox.users().activeCount()
				+ " of them active, in " + sandbox.usersRequests() + " users requests.");
		System.out.println("Active users per profile in zoho_active_users:");
		jdbc.sql("""
				select profile_name, count(*) as users from zoho_active_users where connection_name = ?
				group by profile_name order by users desc, profile_name
				""")
			.param(CONNECTION)
			.query((rs, row) -> String.format("  %-15s %5d", rs.getString(1), rs.getLong(2)))
			.list()
			.forEach(System.out::println);
		System.out.println("A few of them:");
		jdbc.sql("""
				select zoho_user_id, email, role_name, profile_name from zoho_active_users where connection_name = ?
				order by zoho_user_id limit 5
				""")
			.param(CONNECTION)
			.query((rs, row) -> String.format("  %s  %-36s %-22s %s", rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getString(4)))
			.list()
			.forEach(System.out::println);
		System.out.println("User licences (zoho_licence_usage; the licences command):");
		LicencesCommand.print(spring.bean(LicenceUsage.class).latest(CONNECTION, 1), OutputFormat.TEXT, System.out);
	}

	// where the run was handed over to Snow, or (no folder configured) where the demo
	// puts it
	private static void reportSnow(SpringSession spring, JobExecution execution) {
		long run = execution.getJobInstance().getInstanceId();
		SnowHandOff.HandedOver file = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(ZohoJob.HAND_OVER_STEP)
					&& step.getExecutionContext().containsKey(SnowSteps.FILE))
			.findFirst()
			.map(step -> new SnowHandOff.HandedOver(Path.of(step.getExecutionContext().getString(SnowSteps.FILE)),
					new SnowFile.Counts(step.getExecutionContext().getLong(SnowSteps.USERS),
							step.getExecutionContext().getLong(SnowSteps.BILLABLE))))
			.orElseGet(() -> spring.bean(SnowHandOff.class)
				.handOverTo(spring.bean(ZohoProperties.class).stateDir().resolve("snow").resolve(CONNECTION),
						CONNECTION, run));
		System.out.println(
				"Handed over to Snow License Manager (a SaaS - Generic connector file; " + "zoho.export.snow.folder):");
		System.out.println("  " + file.file() + ": " + file.counts().users() + " users, " + file.counts().billable()
				+ " billed on the edition's subscription");
	}

	private static void reportQueries(SpringSession spring) {
		System.out.println();
		EmbeddedDatabase database = spring.embeddedDatabase();
		if (database != null) {
			System.out.println("The data stays in " + database.dataDirectory() + ". To query it, keep the embedded "
					+ "PostgreSQL running with");
			System.out.println("  " + COMMAND + " db");
			System.out.println("and connect to " + database.jdbcUrl() + " with the reporting login it prints, e.g.");
		}
		else {
			System.out.println("Query the configured database, e.g.");
		}
		System.out.println("  select email, full_name, profile_name from zoho_active_users where connection_name = '"
				+ CONNECTION + "';");
		System.out.println("  select * from zoho_licence_usage where latest_run;");
		System.out.println("  select * from zoho_user_changes order by job_instance_id desc;");
		System.out.println("  " + COMMAND + " licences");
		System.out.println("  " + COMMAND + " export --format csv --output users.csv");
		System.out
			.println("  " + COMMAND + " export --format snow --connection " + CONNECTION + " --output zoho-crm.json");
	}

}
