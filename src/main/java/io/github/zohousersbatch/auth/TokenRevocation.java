package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.http.ZohoApi;

import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Revokes a refresh token at the accounts server that issued it:
 * {@code POST /oauth/v2/token/revoke} with the token in a form body, as Zoho's Java SDK
 * sends it. Zoho documents it as a query parameter, but a URL ends up in proxy and access
 * logs (https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html). Revoking
 * the refresh token revokes its access tokens. The accounts server is checked right
 * before the token leaves.
 */
@Component
class TokenRevocation {

	private static final String WHAT = "Revocation request";

	private final ZohoApi api;

	private final Retrying retrying;

	TokenRevocation(ZohoApi api, Retrying retrying) {
		this.api = api;
		this.retrying = retrying;
	}

	/** What Zoho said about the token. */
	enum Outcome {

		/** Zoho revoked it. */
		REVOKED,

		/**
		 * Zoho did not know it (HTTP 400): already revoked, or replaced by newer refresh
		 * tokens.
		 */
		ALREADY_INVALID

	}

	/**
	 * Revokes the token, or fails: CONFIGURATION when the accounts server is not trusted
	 * for the connection (nothing is sent), FAILED when Zoho could not be asked or gave
	 * no clear answer.
	 * @param client the connection's configuration, or null when it is no longer
	 * configured
	 */
	Outcome revoke(String connectionName, ZohoProperties.Connection client, String accountsServer,
			String refreshToken) {
		String server = TrustedServers.requireAccountsServer(connectionName, client, accountsServer,
				"to be sent the revocation of");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", refreshToken);
		ZohoApi.Answer answer;
		try {
			answer = this.retrying.call(WHAT, () -> this.api.postForm(server + "/oauth/v2/token/revoke", form, WHAT));
		}
		catch (ZohoBatchException ex) {
			throw failed(connectionName, ex.getMessage());
		}
		if (answer.status() == 200 && answer.body().replace(" ", "").contains("\"status\":\"success\"")) {
			return Outcome.REVOKED;
		}
		if (answer.status() == 400) {
			return Outcome.ALREADY_INVALID;
		}
		throw failed(connectionName, "the Zoho accounts server " + server + " answered HTTP " + answer.status()
				+ " without confirming the revocation");
	}

	private static ZohoBatchException failed(String connectionName, String why) {
		return new ZohoBatchException(FailureReason.FAILED,
				"Could not revoke the refresh token of connection '" + connectionName + "': " + why);
	}

}
