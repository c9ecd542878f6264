package io.github.zohousersbatch.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Revokes a refresh token at the accounts server that issued it: {@code POST /oauth/v2/token/revoke} with the
 * token in a form body, as Zoho's Java SDK sends it. Zoho documents it as a query parameter, but a URL ends up
 * in proxy and access logs (https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html). Revoking the
 * refresh token revokes its access tokens. The accounts server is checked right before the token leaves.
 */
@Component
class TokenRevocation {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(2);

	private final WebClient webClient;

	TokenRevocation(WebClient zohoWebClient) {
		this.webClient = zohoWebClient;
	}

	/** What Zoho said about the token. */
	enum Outcome {

		/** Zoho revoked it. */
		REVOKED,

		/** Zoho did not know it (HTTP 400): already revoked, or replaced by newer refresh tokens. */
		ALREADY_INVALID

	}

	/**
	 * Revokes the token, or fails: CONFIGURATION when the accounts server is not trusted for the connection (nothing
	 * is sent), FAILED when Zoho could not be asked or gave no clear answer.
	 * @param client the connection's configuration, or null when it is no longer configured
	 */
	Outcome revoke(String connectionName, ZohoProperties.Connection client, String accountsServer,
			String refreshToken) {
		String server = TrustedServers.requireAccountsServer(connectionName, client, accountsServer,
				"to be sent the revocation of");
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", refreshToken);
		Answer answer;
		try {
			answer = this.webClient.post()
				.uri(server + "/oauth/v2/token/revoke")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono(reply -> reply.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map(body -> new Answer(reply.statusCode().value(), new String(body, StandardCharsets.UTF_8))))
				.block(BLOCK_LIMIT);
		}
		catch (WebClientRequestException ex) {
			throw failed(connectionName, "cannot reach the Zoho accounts server " + server + ": "
					+ ex.getMostSpecificCause().getMessage());
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
		return new ZohoBatchException(FailureReason.FAILED, "Could not revoke the refresh token of connection '"
				+ connectionName + "': " + why);
	}

	private record Answer(int status, String body) {

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

}
