package io.github.zohousersbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Failures;
import io.github.zohousersbatch.PlainText;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.auth.Authorization;
import io.github.zohousersbatch.auth.BrowserAuthorization;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.auth.Connections;
import io.github.zohousersbatch.licence.ConnectedOrganisation;
import io.github.zohousersbatch.licence.OrgLicence;
import io.github.zohousersbatch.users.ConnectionCheck;
import io.github.zohousersbatch.users.ZohoUser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code authorize}: obtains the connection's tokens, through the browser (Zoho's consent
 * page and a redirect to the loopback redirect URI) or with a grant code, and stores them
 * encrypted.
 */
@Command(name = "authorize", mixinStandardHelpOptions = true,
		description = { "Authorize a connection: without --code, open Zoho's consent page and receive its redirect "
				+ "on the connection's loopback redirect URI (zoho.connections.NAME.redirect-uri, default "
				+ ZohoProperties.Connection.DEFAULT_REDIRECT_URI + "); with --code, exchange a Self Client grant "
				+ "code." })
class AuthorizeCommand implements Callable<Integer> {

	private static final String STANDARD_INPUT = "-";

	@ParentCommand
	private RootCommand root;

	@Option(names = "--connection", converter = ConnectionNameOption.class, defaultValue = "default",
			paramLabel = "NAME",
			description = "Zoho connection (zoho.connections.NAME.*, or registered with --client); "
					+ "default: ${DEFAULT-VALUE}.")
	private String connection;

	@Option(names = "--client", paramLabel = "CLIENT",
			description = "Register the connection in the database as one of this client of zoho.clients "
					+ "(zoho.clients.CLIENT.client-id and client-secret), when no zoho.connections.NAME configures it.")
	private String client;

	@Option(names = "--data-center", paramLabel = "DC",
			description = "With --client: the organisation's Zoho data centre (us, eu, in, au, jp, cn, ca, sa); "
					+ "default: us, or what the connection was registered with.")
	private String dataCenter;

	@Option(names = "--code", paramLabel = "GRANT_CODE",
			description = "Self Client grant code; it is valid for a few minutes and works once. '-' reads it from "
					+ "standard input, where other local accounts cannot see it as they see a command line.")
	private String code;

	@Option(names = "--no-browser", description = "Only print the consent page's address; do not open a browser.")
	private boolean noBrowser;

	@Override
	public Integer call() {
		DesktopBrowser browser = (this.code == null && !this.noBrowser) ? DesktopBrowser.probe()
				: DesktopBrowser.none();
		try (SpringSession spring = this.root.startSpring()) {
			if (this.client != null || this.dataCenter != null) {
				spring.bean(Connections.class).register(this.connection, this.client, this.dataCenter);
			}
			ConnectionToken token = (this.code != null)
					? spring.bean(Authorization.class).authorizeWithCode(this.connection, grantCode())
					: spring.bean(BrowserAuthorization.class)
						.authorize(this.connection, consent -> showConsent(consent, browser));
			System.out.println("Connection '" + this.connection + "' authorized: data centre " + token.dataCenter()
					+ ", accounts server " + token.accountsServer() + ", API domain " + token.apiDomain() + ", scopes "
					+ token.scope());
			showWhoIsRead(spring);
			return 0;
		}
	}

	// a grant made by someone else, or in another organisation, shows here at once
	private void showWhoIsRead(SpringSession spring) {
		try {
			ZohoUser user = spring.bean(ConnectionCheck.class).check(this.connection).user();
			OrgLicence org = spring.bean(ConnectedOrganisation.class).of(this.connection);
			System.out
				.println("It reads Zoho CRM as " + PlainText.of(user.fullName()) + " <" + PlainText.of(user.email())
						+ "> (" + PlainText.of(user.roleName()) + " / " + PlainText.of(user.profileName())
						+ "), organisation " + org.companyName() + " (id " + org.orgId() + "). If that is not who and "
						+ "what you authorized, run zoho-users-batch deauthorize --connection " + this.connection
						+ " now.");
		}
		// the tokens are stored: a failed question costs a line, never the authorization
		catch (RuntimeException ex) {
			System.out.println("Zoho was not asked which user and organisation it reads: " + Failures.messageOf(ex)
					+ " (see: zoho-users-batch check --connection " + this.connection + ")");
		}
	}

	// read after the application started, so that a code piped in is not waiting while
	// it starts; one line, as Zoho's API console shows it
	private String grantCode() {
		if (!STANDARD_INPUT.equals(this.code)) {
			return this.code;
		}
		try {
			String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
			String code = (line != null) ? line.strip() : "";
			if (code.isEmpty()) {
				throw new ZohoBatchException(FailureReason.CONFIGURATION,
						"--code -: no grant code on standard input (one line, as the API console shows it)");
			}
			return code;
		}
		catch (IOException ex) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"--code -: standard input cannot be read: " + ex.getMessage(), ex);
		}
	}

	/** Prints Zoho's consent address, and opens it when there is a browser. */
	static void showConsent(URI consent, DesktopBrowser browser) {
		System.out.println("Open this address in a browser where a Zoho CRM administrator is signed in, and accept:");
		System.out.println("  " + consent);
		System.out.println(browser.open(consent) ? "(opened in your browser)"
				: "(no desktop browser here: open it yourself; from another machine, forward the redirect URI's port "
						+ "first, e.g. ssh -L 8765:localhost:8765 THIS_HOST)");
		System.out.flush();
	}

}
