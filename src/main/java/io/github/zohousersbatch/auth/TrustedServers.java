package io.github.zohousersbatch.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;

/**
 * Decides which servers may receive a connection's client secret, grant codes and tokens:
 * the accounts servers and API domains of Zoho's data centres ({@link DataCenter}), and
 * the origin of the connection's configured {@code accounts-url} (a data centre missing
 * from the table, a proxy, the sandbox). Plain http is accepted on loopback only. The
 * values checked come from a redirect anyone can forge (Zoho's Multi-DC guide,
 * https://www.zoho.com/accounts/protocol/oauth/multi-dc.html, has the client read
 * {@code accounts-server} from it), from token answers, or from a database row anyone
 * with write access can change; so they are checked every time before anything is sent,
 * and what is sent to is the trusted spelling, never the value as given.
 */
final class TrustedServers {

	private static final List<String> LOOPBACK_HOSTS = List.of("127.0.0.1", "[::1]", "localhost");

	// Zoho names API hosts after the accounts host: accounts.zoho.eu serves
	// www.zohoapis.eu, accounts.zohocloud.ca
	// www.zohoapis.ca (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html)
	private static final List<String> ACCOUNTS_HOST_PREFIXES = List.of("accounts.zoho.", "accounts.zohocloud.");

	private static final List<String> API_HOST_PREFIXES = List.of("www.", "sandbox.", "developer.");

	/** How to declare a data centre Zoho opened after this release. */
	static final String DATA_CENTER_SETTINGS = "zoho.data-centers.<location>.accounts-server and "
			+ "zoho.data-centers.<location>.api-domain";

	private TrustedServers() {
	}

	/**
	 * The accounts server the connection is configured with ({@code accounts-url}, else
	 * its data centre's); a configuration error when it is no server address or plain
	 * http off loopback.
	 */
	static String configuredAccountsServer(String connectionName, ZohoProperties.Connection client) {
		String configured = client.hasAccountsUrl() ? stripSlash(client.accountsUrl())
				: DataCenter.byLocation(client.dataCenter()).accountsServer();
		Optional<Origin> origin = Origin.parse(configured);
		if (origin.isEmpty()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION,
					"zoho.connections." + connectionName + ".accounts-url '" + safe(configured)
							+ "' is not a server address such as https://accounts.zoho.eu "
							+ "(scheme, host and port only)");
		}
		if (!origin.get().secure()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "zoho.connections." + connectionName
					+ ".accounts-url '" + safe(configured)
					+ "' uses plain http, which would send the client secret and "
					+ "the tokens readable to the network: use https (http is accepted on loopback only: 127.0.0.1, "
					+ "[::1], localhost). Nothing was sent");
		}
		return configured;
	}

	/**
	 * The accounts server to exchange a redirect's code at, or empty when
	 * {@code candidate} is not trusted.
	 * @param candidate the decoded {@code accounts-server} of the redirect, or null when
	 * it had none
	 */
	static Optional<String> redirectAccountsServer(String candidate, String connectionName,
			ZohoProperties.Connection client) {
		if (candidate == null || candidate.isBlank()) {
			// older redirects carry no accounts-server: the configured one is where the
			// request started
			return Optional.of(configuredAccountsServer(connectionName, client));
		}
		return accountsServer(candidate, connectionName, client);
	}

	/**
	 * The trusted spelling of an accounts server about to receive a secret, or a
	 * configuration error naming it.
	 * @param client the connection's configuration, or null when it is no longer
	 * configured
	 * @param source where the value came from, for the message ("stored for", ...)
	 */
	static String requireAccountsServer(String connectionName, ZohoProperties.Connection client, String accountsServer,
			String source) {
		return accountsServer(accountsServer, connectionName, client)
			.orElseThrow(() -> untrusted("accounts server", accountsServer, source, connectionName,
					"a Zoho accounts server of a known data centre (" + DataCenter.locations() + ")",
					"set zoho.connections." + connectionName + ".accounts-url to it, or declare its data centre with "
							+ DATA_CENTER_SETTINGS));
	}

	/**
	 * The trusted spelling of an API domain about to receive an access token, or a
	 * configuration error naming it.
	 * @param client the connection's configuration, or null when it is no longer
	 * configured
	 */
	static String requireApiDomain(String connectionName, ZohoProperties.Connection client, String apiDomain,
			String source) {
		return apiDomain(apiDomain, connectionName, client).orElseThrow(() -> untrusted("API domain", apiDomain, source,
				connectionName, "the API domain (www., sandbox. or developer.) of a known Zoho data centre",
				"set zoho.connections." + connectionName + ".accounts-url to an accounts server on the same "
						+ "origin, or to the accounts.zoho.* server of its data centre"));
	}

	/**
	 * {@link #requireApiDomain}, for an API domain the connection is about to call or
	 * store: also a configuration error when it serves another environment than the
	 * connection names ({@link ZohoEnvironment}).
	 */
	static String requireApiDomainToCall(String connectionName, ZohoProperties.Connection client, String apiDomain,
			String source) {
		String trusted = requireApiDomain(connectionName, client, apiDomain, source);
		ZohoEnvironment.require(connectionName, client, trusted);
		return trusted;
	}

	private static Optional<String> accountsServer(String candidate, String connectionName,
			ZohoProperties.Connection client) {
		Optional<Origin> origin = Origin.parse(candidate);
		if (origin.isEmpty()) {
			return Optional.empty();
		}
		for (DataCenter dc : DataCenter.all()) {
			if (origin.equals(Origin.parse(dc.accountsServer()))) {
				return Optional.of(dc.accountsServer());
			}
		}
		if (client == null || !client.hasAccountsUrl()) {
			return Optional.empty();
		}
		String configured = configuredAccountsServer(connectionName, client);
		return origin.equals(Origin.parse(configured)) ? Optional.of(configured) : Optional.empty();
	}

	private static Optional<String> apiDomain(String candidate, String connectionName,
			ZohoProperties.Connection client) {
		Optional<Origin> origin = Origin.parse(candidate);
		if (origin.isEmpty()) {
			return Optional.empty();
		}
		for (DataCenter dc : DataCenter.all()) {
			for (String known : dc.apiDomains()) {
				if (origin.equals(Origin.parse(known))) {
					return Optional.of(known);
				}
			}
		}
		if (client == null || !client.hasAccountsUrl()) {
			return Optional.empty();
		}
		Origin configured = Origin.parse(configuredAccountsServer(connectionName, client)).orElseThrow();
		if (origin.get().equals(configured) || origin.get().isApiHostOf(configured)) {
			return Optional.of(origin.get().url());
		}
		return Optional.empty();
	}

	private static ZohoBatchException untrusted(String what, String value, String source, String connectionName,
			String known, String ifGenuine) {
		return new ZohoBatchException(FailureReason.CONFIGURATION, "The " + what + " '" + safe(value) + "' " + source
				+ " connection '" + connectionName + "' is neither " + known + " nor on the origin of zoho.connections."
				+ connectionName + ".accounts-url: nothing was sent to it. If zoho_connection_token was changed "
				+ "behind this program's back, run deauthorize --connection " + connectionName
				+ " --local-only, revoke "
				+ "the app in Zoho Accounts > Connected Apps and authorize again; if it really is a Zoho server, "
				+ ifGenuine);
	}

	/**
	 * The origin of {@code url} (scheme, host, port) when it is a server address that may
	 * receive secrets: https, or plain http on loopback.
	 */
	static Optional<String> secureOrigin(String url) {
		return Origin.parse(url).filter(Origin::secure).map(Origin::url);
	}

	/**
	 * The value shortened to printable characters: it may come from a URL or a row anyone
	 * could write.
	 */
	static String safe(String value) {
		String text = String.valueOf(value).replaceAll("[^A-Za-z0-9_.:/%\\[\\]@?=&#\\- ]", "?");
		return (text.length() > 100) ? text.substring(0, 100) + "..." : text;
	}

	/**
	 * Scheme, host and port of a server address; an address with user info, a path, a
	 * query or a fragment is none.
	 */
	private record Origin(String scheme, String host, int port) {

		static Optional<Origin> parse(String url) {
			if (url == null) {
				return Optional.empty();
			}
			try {
				URI uri = URI.create(url.trim());
				String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
				if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
						|| uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
						|| !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
					return Optional.empty();
				}
				int port = (uri.getPort() != -1) ? uri.getPort() : scheme.equals("https") ? 443 : 80;
				return Optional.of(new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port));
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}

		boolean secure() {
			return this.scheme.equals("https") || LOOPBACK_HOSTS.contains(this.host);
		}

		boolean isApiHostOf(Origin accounts) {
			if (!this.scheme.equals("https") || !accounts.scheme.equals("https") || this.port != 443
					|| accounts.port != 443) {
				return false;
			}
			for (String accountsPrefix : ACCOUNTS_HOST_PREFIXES) {
				if (accounts.host.startsWith(accountsPrefix)) {
					String suffix = accounts.host.substring(accountsPrefix.length());
					return API_HOST_PREFIXES.stream().anyMatch(api -> this.host.equals(api + "zohoapis." + suffix));
				}
			}
			return false;
		}

		String url() {
			boolean defaultPort = this.port == (this.scheme.equals("https") ? 443 : 80);
			return this.scheme + "://" + this.host + (defaultPort ? "" : ":" + this.port);
		}

	}

	private static String stripSlash(String url) {
		String trimmed = url.trim();
		return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
	}

}
