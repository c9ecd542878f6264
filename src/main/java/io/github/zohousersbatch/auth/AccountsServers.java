package io.github.zohousersbatch.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the {@code accounts-server} of a redirect may receive our client secret and grant code: only
 * a Zoho accounts server of a known data centre, or the accounts server the connection is configured with. The
 * value arrives in a URL anyone can forge (zoho-api.md, section 6.7), so it is never used as given: the answer
 * is the trusted spelling of the server.
 */
final class AccountsServers {

	private AccountsServers() {
	}

	/**
	 * The accounts server to exchange the code at, or empty when {@code candidate} is not trusted.
	 * @param candidate the decoded {@code accounts-server} parameter, or null when the redirect had none
	 * @param client the connection's configuration
	 */
	static Optional<String> trusted(String candidate, ZohoProperties.Connection client) {
		if (candidate == null || candidate.isBlank()) {
			// older redirects carry no accounts-server: the configured one is where the request started
			return Optional.of(client.accountsServer());
		}
		Optional<String> known = DataCenter.byAccountsServer(candidate).map(DataCenter::accountsServer);
		if (known.isPresent()) {
			return known;
		}
		String configured = client.accountsServer();
		return sameOrigin(candidate, configured) ? Optional.of(configured) : Optional.empty();
	}

	private static boolean sameOrigin(String candidate, String configured) {
		return origin(candidate).filter(origin -> origin.equals(origin(configured).orElse(null))).isPresent();
	}

	// scheme, host and port; a value with user info, a query or a fragment is no accounts server
	private static Optional<String> origin(String url) {
		try {
			URI uri = URI.create(url.trim());
			if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
					|| uri.getRawQuery() != null || uri.getRawFragment() != null
					|| !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
				return Optional.empty();
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			int port = (uri.getPort() != -1) ? uri.getPort() : scheme.equals("https") ? 443 : 80;
			return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
