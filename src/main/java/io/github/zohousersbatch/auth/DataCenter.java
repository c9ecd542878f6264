package io.github.zohousersbatch.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

/**
 * One Zoho data centre: where its accounts server issues tokens and where its CRM API
 * lives, in production and in the sandbox and developer environments. The table is data,
 * not an enum: the data centres Zoho documents, plus those configured under
 * {@code zoho.data-centers.<location>.*} ({@link DataCenterProperties}), so that a new
 * one needs no release.
 */
public record DataCenter(String location, String accountsServer, String apiDomain, String sandboxApiDomain,
		String developerApiDomain) {

	// Zoho Accounts, "Multi DC support"
	// (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html)
	// lists US, EU, IN, AU, JP, CA, SA and UK; Zoho CRM's own page
	// (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html) lists CN besides,
	// without SA and UK; Bigin's
	// (https://www.bigin.com/developer/docs/apis/multi-dc.html)
	// gives the API domains, www.zohoapis.<accounts domain>, SA included. No Zoho page
	// names UK's API domain: www.zohoapis.uk follows that rule (Zoho Assist documents the
	// UK domain zoho.uk, https://www.zoho.com/assist/api/multidc.html). The United Arab
	// Emirates have www.zohoapis.ae for WorkDrive
	// (https://www.zoho.com/workdrive/developer/docs/api/v1/getting-started-multi-dc-support.html)
	// but no documented accounts server: configure it (zoho.data-centers.ae.*) once Zoho
	// names it
	private static final List<DataCenter> DOCUMENTED = List.of(of("us", "https://accounts.zoho.com", "zohoapis.com"),
			of("eu", "https://accounts.zoho.eu", "zohoapis.eu"), of("in", "https://accounts.zoho.in", "zohoapis.in"),
			of("au", "https://accounts.zoho.com.au", "zohoapis.com.au"),
			of("jp", "https://accounts.zoho.jp", "zohoapis.jp"),
			of("cn", "https://accounts.zoho.com.cn", "zohoapis.com.cn"),
			of("ca", "https://accounts.zohocloud.ca", "zohoapis.ca"),
			of("sa", "https://accounts.zoho.sa", "zohoapis.sa"), of("uk", "https://accounts.zoho.uk", "zohoapis.uk"));

	private static volatile List<DataCenter> all = DOCUMENTED;

	private static DataCenter of(String location, String accountsServer, String apiHost) {
		return new DataCenter(location, accountsServer, "https://www." + apiHost, "https://sandbox." + apiHost,
				"https://developer." + apiHost);
	}

	/**
	 * The documented data centres and {@code configured} ones, which replace a documented
	 * one of the same location: called once the configuration is bound.
	 */
	static void configure(List<DataCenter> configured) {
		List<String> locations = configured.stream().map(DataCenter::location).toList();
		List<DataCenter> merged = new ArrayList<>(
				DOCUMENTED.stream().filter(dc -> !locations.contains(dc.location())).toList());
		merged.addAll(configured);
		all = List.copyOf(merged);
	}

	/** The environments' API domains: production, sandbox, developer. */
	List<String> apiDomains() {
		return List.of(this.apiDomain, this.sandboxApiDomain, this.developerApiDomain);
	}

	/** Every data centre this job knows. */
	public static List<DataCenter> all() {
		return all;
	}

	/**
	 * The data centre with this location code ({@code us}, {@code eu}, ...),
	 * case-insensitive.
	 */
	public static DataCenter byLocation(String location) {
		String code = (location == null) ? "us" : location.trim().toLowerCase(Locale.ROOT);
		return all.stream()
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
		return all.stream().filter(dc -> dc.accountsServer().equals(normalized)).findFirst();
	}

	/**
	 * The data centre serving this API domain (production, sandbox or developer), if any.
	 */
	public static Optional<DataCenter> byApiDomain(String url) {
		String normalized = normalize(url);
		return all.stream().filter(dc -> dc.apiDomains().contains(normalized)).findFirst();
	}

	static String locations() {
		return String.join(", ", all.stream().map(DataCenter::location).toList());
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
