package io.github.zohousersbatch.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The query of Zoho's redirect to the callback: {@code code}, {@code location} and
 * {@code accounts-server} (URL-encoded in practice) on success, {@code error} when the
 * user declined, and our {@code state} either way (Zoho CRM API: "Multi DC",
 * https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html). {@link #toString()}
 * never shows the code.
 *
 * @param code grant code, or null
 * @param state state, or null
 * @param error error code, or null
 * @param location data centre location code, or null
 * @param accountsServer accounts server, decoded, or null
 * @param repeated whether a parameter occurred more than once, which no genuine redirect
 * does
 */
record AuthorizationCallback(String code, String state, String error, String location, String accountsServer,
		boolean repeated) {

	static AuthorizationCallback parse(String rawQuery) {
		Map<String, String> values = new HashMap<>();
		Set<String> seen = new HashSet<>();
		boolean repeated = false;
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				int equals = pair.indexOf('=');
				String name = decode((equals < 0) ? pair : pair.substring(0, equals));
				String value = decode((equals < 0) ? "" : pair.substring(equals + 1));
				repeated |= !seen.add(name);
				values.put(name, value.isEmpty() ? null : value);
			}
		}
		return new AuthorizationCallback(values.get("code"), values.get("state"), values.get("error"),
				values.get("location"), values.get("accounts-server"), repeated);
	}

	/**
	 * Whether this request carries an answer at all (a bare visit to the address does
	 * not).
	 */
	boolean isAnswer() {
		return this.code != null || this.state != null || this.error != null;
	}

	/** The error code, safe to show and log: it comes from a URL anyone can write. */
	String safeError() {
		return printable(this.error, 60);
	}

	/** The accounts server, safe to show and log. */
	String safeAccountsServer() {
		return printable(this.accountsServer, 100);
	}

	private static String printable(String value, int limit) {
		String text = String.valueOf(value).replaceAll("[^A-Za-z0-9_.:/%\\- ]", "?");
		return (text.length() > limit) ? text.substring(0, limit) + "..." : text;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	@Override
	public String toString() {
		return "AuthorizationCallback[code=" + ((this.code != null) ? "(set)" : "(none)") + ", error=" + safeError()
				+ ", location=" + printable(this.location, 10) + ", accountsServer=" + safeAccountsServer() + "]";
	}

}
