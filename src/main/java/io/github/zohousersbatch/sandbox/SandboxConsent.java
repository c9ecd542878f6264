package io.github.zohousersbatch.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sandbox's consent page, like Zoho's: it names the client and the scopes asked, and
 * offers Accept and Reject. Each page answers once: Accept redirects with a grant code,
 * Reject with {@code error=access_denied}, both with {@code location},
 * {@code accounts-server} and the state, as Zoho documents them (Zoho Accounts, "Get
 * authorization code"; Zoho FSM, "Authorization request": "If the user clicks Reject, ...
 * error=access_denied").
 */
final class SandboxConsent {

	/** Where the page's form posts the user's decision. */
	static final String DECISION_PATH = "/oauth/v2/auth/consent";

	private static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of("ZohoCRM.users.READ",
			"Read the users of your organisation, with their status, role and profile", "ZohoCRM.org.READ",
			"Read your organisation's details and licences", "ZohoCRM.features.READ",
			"Read the features of your edition, including the user licences bought");

	private final SecureRandom random = new SecureRandom();

	// consent page id -> the request it was shown for; removed when answered
	private final Map<String, Request> pending = new ConcurrentHashMap<>();

	private final SandboxAccounts accounts;

	SandboxConsent(SandboxAccounts accounts) {
		this.accounts = accounts;
	}

	/** The page for a valid authorization request. */
	String page(String clientId, String scope, String redirectUri, String state, boolean offline,
			SandboxAccounts.Challenge challenge) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		String id = HexFormat.of().formatHex(bytes);
		this.pending.put(id, new Request(redirectUri, state, offline, challenge));
		String scopes = Stream.of((scope != null) ? scope.split("[, ]+") : new String[0])
			.filter(name -> !name.isBlank())
			.map(name -> "<li><code>" + escape(name) + "</code>"
					+ (SCOPE_DESCRIPTIONS.containsKey(name) ? ": " + SCOPE_DESCRIPTIONS.get(name) : "") + "</li>")
			.collect(Collectors.joining());
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Zoho sandbox: consent</title>"
				+ "<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.4}"
				+ "button{font-size:1em;padding:.4em 1.4em;margin-right:1em}</style></head><body>"
				+ "<p>Zoho sandbox accounts</p><h1>zoho-users-batch would like to access your Zoho CRM data</h1>"
				+ "<p>Client <code id=\"client\">" + escape(clientId) + "</code> asks for:</p><ul id=\"scopes\">"
				+ scopes + "</ul>" + (offline ? "<p>It keeps access while you are away (access_type=offline).</p>" : "")
				+ "<form method=\"post\" action=\"" + DECISION_PATH + "\"><input type=\"hidden\" name=\"consent\" "
				+ "value=\"" + id + "\"><button type=\"submit\" name=\"decision\" value=\"accept\" id=\"accept\">"
				+ "Accept</button><button type=\"submit\" name=\"decision\" value=\"reject\" id=\"reject\">Reject"
				+ "</button></form><p>This is the demo's sandbox, not Zoho: nothing leaves this machine.</p>"
				+ "</body></html>";
	}

	/**
	 * Where the browser goes after the user's decision on a page, or null when the page
	 * is unknown or already answered.
	 */
	String decide(String consentId, String decision, String accountsServer) {
		Request request = (consentId != null) ? this.pending.remove(consentId) : null;
		if (request == null) {
			return null;
		}
		String answer = "accept".equals(decision)
				? "code=" + encode(this.accounts.issueGrantCode(request.offline(), request.challenge()))
				: "error=access_denied";
		String redirectUri = request.redirectUri();
		return redirectUri + (redirectUri.contains("?") ? "&" : "?") + answer + "&location=us&accounts-server="
				+ encode(accountsServer) + ((request.state() != null) ? "&state=" + encode(request.state()) : "");
	}

	static String escape(String text) {
		return text.replace("&", "&amp;")
			.replace("<", "&lt;")
			.replace(">", "&gt;")
			.replace("\"", "&quot;")
			.replace("'", "&#39;");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Request(String redirectUri, String state, boolean offline, SandboxAccounts.Challenge challenge) {
	}

}
