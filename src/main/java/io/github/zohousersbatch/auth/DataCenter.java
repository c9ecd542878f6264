package io.github.zohousersbatch.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * One Zoho data centre: where its accounts server issues tokens and where its CRM API
 * lives. The table is data, not an enum, so that a new data centre is one line (Zoho CRM
 * API: "Multi DC", https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html).
 */
public record DataCenter(String location, String accountsServer, String apiDomain, String sandboxApiDomain,
		String developerApiDomain) {

	private static final List<DataCenter> ALL = List.of(of("us", "https://accounts.zoho.com", "zohoapis.com"),
			of("eu", "https://accounts.zoho.eu", "zohoapis.eu"), of("in", "https://accounts.zoho.in", "zohoapis.in"),
			of("au", "https://accounts.zoho.com.au", "zohoapis.com.au"),
			of("jp", "https://accounts.zoho.jp", "zohoapis.jp"),
			of("cn", "https://accounts.zoho.com.cn", "zohoapis.com.cn"),
			of("ca", "https://accounts.zohocloud.ca", "zohoapis.ca"),
			of("sa", "https://accounts.zoho.sa", "zohoapis.sa"));

	private static DataCenter of(String location, String accountsServer, String apiHost) {
		return new DataCenter(location, accountsServer, "https://www." + apiHost, "https://sandbox." + apiHost,
				"https://developer." + apiHost);
	}

	/** Every data centre this job knows. */
	public static List<DataCenter> all() {
		return ALL;
	}

	/**
	 * The data centre with this location code ({@code us}, {@code eu}, ...),
	 * case-insensitive.
	 */
	public static DataCenter byLocation(String location) {
		String code = (location == null) ? "us" : location.trim().toLowerCase(Locale.ROOT);
		return ALL.stream()
			.filter(dc -> dc.location().equals(code))
			.findFirst()
			.orElseThrow(() -> new ZohoBatchException(FailureReason.CONFIGURATION,
					"Unknown Zoho data centre '" + location + "'; use one of " + locations()));
	}

	/**
	 * The data centre whose accounts server is exactly this URL (scheme and host), if
	 * any.
	 */
	public static Optional<DataCenter> byAccountsServer(String url) {
		String normalized = normalize(url);
		return ALL.stream().filter(dc -> dc.accountsServer().equals(normalized)).findFirst();
	}

	/**
	 * The data centre serving this API domain (production, sandbox or developer), if any.
	 */
	public static Optional<DataCenter> byApiDomain(String url) {
		String normalized = normalize(url);
		return ALL.stream()
			.filter(dc -> List.of(dc.apiDomain(), dc.sandboxApiDomain(), dc.developerApiDomain()).contains(normalized))
			.findFirst();
	}

	static String locations() {
		return String.join(", ", ALL.stream().map(DataCenter::location).toList());
	}

	private static String normalize(String url) {
		if (url == null) {
			return "";
		}
		try {
			URI uri = URI.create(url.trim());
			if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() != -1 || uri.getUserInfo() != null) {
				return "";
			}
			return (uri.getScheme() + "://" + uri.getHost()).toLowerCase(Locale.ROOT);
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

}
