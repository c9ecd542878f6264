package io.github.zohousersbatch.cli;

import java.util.concurrent.Callable;

import io.github.zohousersbatch.users.ConnectionCheck;
import io.github.zohousersbatch.users.ZohoUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code check}: "test connection" before scheduling: a valid token and Zoho's answer
 * about the current user.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
		description = "Test a connection: obtain an access token (reusing the stored one) and ask Zoho for the "
				+ "current user. Exit codes as for run.")
class CheckCommand implements Callable<Integer> {

	private static final String ROW = "  %-15s %s%n";

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, defaultValue = "default",
			paramLabel = "NAME", description = "Zoho connection (zoho.connections.NAME.*); default: ${DEFAULT-VALUE}.")
	private String connection;

	@Override
	public Integer call() {
		try (SpringSession spring = this.root.startSpring()) {
			ConnectionCheck.Report report = spring.bean(ConnectionCheck.class).check(this.connection);
			ZohoUser user = report.user();
			System.out.println("Connection '" + report.connectionName() + "' works.");
			System.out.printf(ROW, "data centre",
					report.dataCenter() + " (accounts server " + report.accountsServer() + ")");
			System.out.printf(ROW, "API domain", report.apiDomain());
			System.out.printf(ROW, "user", user.fullName() + " <" + user.email() + ">, " + user.status());
			System.out.printf(ROW, "role / profile", user.roleName() + " / " + user.profileName());
			System.out.printf(ROW, "scopes", (report.scope() != null) ? report.scope() : "(not reported by Zoho)");
			System.out.printf(ROW, "access token", "valid until " + report.accessTokenExpiresAt());
			return 0;
		}
	}

}
