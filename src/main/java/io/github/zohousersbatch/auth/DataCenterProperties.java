package io.github.zohousersbatch.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Data centres Zoho opens after this release, or moves, under
 * {@code zoho.data-centers.<location>.*}: a location code as Zoho's redirect names it
 * ({@code location=ae}), its accounts server and its API domain. They are trusted like
 * the documented ones ({@link DataCenter}), so that a connection can name them in
 * {@code data-center} and Zoho's redirects to them are accepted.
 *
 * @param dataCenters the data centres by location code
 */
@ConfigurationProperties("zoho")
public record DataCenterProperties(Map<String, Location> dataCenters) {

	/**
	 * One configured data centre.
	 *
	 * @param accountsServer its accounts server, for example
	 * {@code https://accounts.zoho.ae}
	 * @param apiDomain its production API domain, for example
	 * {@code https://www.zohoapis.ae}; its sandbox and developer environments are
	 * {@code sandbox.} and {@code developer.} instead of {@code www.}
	 */
	public record Location(String accountsServer, String apiDomain) {
	}

	/** The configured data centres, checked: a configuration error names the setting. */
	List<DataCenter> toDataCenters() {
		if (this.dataCenters == null) {
			return List.of();
		}
		return this.dataCenters.entrySet()
			.stream()
			.map(entry -> toDataCenter(entry.getKey(), entry.getValue()))
			.toList();
	}

	private static DataCenter toDataCenter(String key, Location location) {
		String prefix = "zoho.data-centers." + key + ".";
		String code = key.toLowerCase(Locale.ROOT);
		if (!code.matches("[a-z]{2,8}")) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, "zoho.data-centers." + TrustedServers.safe(key)
					+ ": a data centre's location is 2 to 8 letters, " + "as Zoho's redirect names it (location=...)");
		}
		String accounts = server(prefix + "accounts-server", (location != null) ? location.accountsServer() : null);
		String api = server(prefix + "api-domain", (location != null) ? location.apiDomain() : null);
		return new DataCenter(code, accounts, api, environment(api, "sandbox."), environment(api, "developer."));
	}

	private static String server(String setting, String value) {
		Optional<String> origin = TrustedServers.secureOrigin(value);
		if (origin.isEmpty()) {
			throw new ZohoBatchException(FailureReason.CONFIGURATION, setting + " '" + TrustedServers.safe(value)
					+ "' is not an https server address such as https://accounts.zoho.eu (scheme, host and port "
					+ "only; plain http on loopback only)");
		}
		return origin.get();
	}

	// https://www.zohoapis.ae serves the sandbox at https://sandbox.zohoapis.ae; an API
	// domain without www. (a proxy) serves every environment itself
	private static String environment(String apiDomain, String prefix) {
		return apiDomain.startsWith("https://www.") ? "https://" + prefix + apiDomain.substring("https://www.".length())
				: apiDomain;
	}

}
