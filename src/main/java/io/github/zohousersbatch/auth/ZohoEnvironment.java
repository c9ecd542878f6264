package io.github.zohousersbatch.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;

/**
 * The Zoho CRM environment an organisation lives in: production, a sandbox or a developer
 * organisation. Zoho CRM offers the three ("Kaizen #120: A guide to API calls in Zoho CRM
 * sandboxes",
 * https://help.zoho.com/portal/en/community/topic/kaizen-120-a-guide-to-api-calls-in-zoho-crm-sandboxes);
 * each has its own API host in every data centre, {@code www.}, {@code sandbox.} and
 * {@code developer.zohoapis.<domain>} (Zoho's Java SDK,
 * https://github.com/zoho/zohocrm-java-sdk-8.0, {@code dc/USDataCenter.java}: PRODUCTION,
 * SANDBOX, DEVELOPER), and tokens are issued for one organisation of one environment
 * (Zoho CRM, "Authorization request",
 * https://www.zoho.com/crm/developer/docs/api/v6/auth-request.html).
 */
public enum ZohoEnvironment {

	/** The live organisation. */
	PRODUCTION,
	/** A sandbox copy of it. */
	SANDBOX,
	/** A developer organisation. */
	DEVELOPER;

	/** This environment's API domain in the data centre. */
	public String apiDomainOf(DataCenter dataCenter) {
		return switch (this) {
			case PRODUCTION -> dataCenter.apiDomain();
			case SANDBOX -> dataCenter.sandboxApiDomain();
			case DEVELOPER -> dataCenter.developerApiDomain();
		};
	}

	/** The setting's spelling: production, sandbox, developer. */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The environment a token belongs to, by its {@code api_domain}; empty when that is
	 * the API domain of no known data centre (a proxy, the sandbox of this project).
	 */
	public static Optional<ZohoEnvironment> ofApiDomain(String apiDomain) {
		return DataCenter.byApiDomain(apiDomain)
			.flatMap(dc -> Arrays.stream(values())
				.filter(environment -> environment.apiDomainOf(dc).equalsIgnoreCase(stripSlash(apiDomain)))
				.findFirst());
	}

	/**
	 * The environment a connection names ({@code zoho.connections.<name>.environment}),
	 * or null when it names none: then the token's {@code api_domain} decides.
	 */
	static ZohoEnvironment of(String connectionName, ZohoProperties.Connection client) {
		String name = (client != null) ? client.environment() : null;
		if (name == null || name.isBlank()) {
			return null;
		}
		return Arrays.stream(values())
			.filter(environment -> environment.label().equals(name.trim().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION, "zoho.connections." + connectionName
					+ ".environment '" + TrustedServers.safe(name) + "' is none of production, sandbox, developer"));
	}

	/**
	 * Refuses an API domain of another environment than the connection names: its tokens
	 * open another organisation than the one the connection is for.
	 */
	static void require(String connectionName, ZohoProperties.Connection client, String apiDomain) {
		ZohoEnvironment expected = of(connectionName, client);
		Optional<ZohoEnvironment> actual = ofApiDomain(apiDomain);
		if (expected == null || actual.isEmpty() || actual.get() == expected) {
			return;
		}
		throw new ZohoBatchException(FailureReason.CONFIGURATION,
				"Connection '" + connectionName + "' is configured for the " + expected.label()
						+ " environment (zoho.connections." + connectionName
						+ ".environment), but its token belongs to the " + actual.get().label() + " organisation at "
						+ apiDomain + ": nothing was sent to it. Authorize the connection again choosing the "
						+ expected.label() + " organisation on Zoho's consent page, or set the environment to "
						+ actual.get().label());
	}

	private static String stripSlash(String url) {
		String trimmed = (url == null) ? "" : url.trim();
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
