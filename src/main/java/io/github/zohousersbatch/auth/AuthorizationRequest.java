package io.github.zohousersbatch.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The address of Zoho's consent page for one browser authorization (Zoho Accounts: "Get
 * authorization code",
 * https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html). It always
 * asks for {@code access_type=offline&prompt=consent}: without both Zoho sends no refresh
 * token to a client the user already approved once.
 *
 * @param accountsServer accounts server the browser starts at
 * @param clientId client id of the connection
 * @param scope comma-separated scopes
 * @param redirectUri redirect URI registered for the client
 * @param state the single-use value the redirect must carry back
 * @param codeChallenge the S256 PKCE challenge of this authorization ({@link ProofKey})
 */
record AuthorizationRequest(String accountsServer, String clientId, String scope, String redirectUri, String state,
		String codeChallenge) {

	URI uri() {
		return URI.create(this.accountsServer + "/oauth/v2/auth?response_type=code&client_id=" + encode(this.clientId)
				+ "&scope=" + encodeScope(this.scope) + "&access_type=offline&prompt=consent&redirect_uri="
				+ encode(this.redirectUri) + "&state=" + encode(this.state) + "&code_challenge="
				+ encode(this.codeChallenge) + "&code_challenge_method=" + ProofKey.METHOD);
	}

	// Zoho's documents write the scope list with literal commas; a comma is legal in a
	// query
	private static String encodeScope(String scope) {
		return encode(scope.replace(" ", "")).replace("%2C", ",");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
