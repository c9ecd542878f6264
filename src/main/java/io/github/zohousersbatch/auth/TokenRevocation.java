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
 * in proxy and access logs (zoho-api.md, section 1.7). Revoking the refresh token revokes its access tokens.
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

	/** Revokes the token, or fails (reason FAILED) when Zoho could not be asked or gave no clear answer. */
	Outcome revoke(String connectionName, String accountsServer, String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", refreshToken);
		Answer answer;
		try {
			answer = this.webClient.post()
				.uri(accountsServer + "/oauth/v2/token/revoke")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono(reply -> reply.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map(body -> new Answer(reply.statusCode().value(), new String(body, StandardCharsets.UTF_8))))
				.block(BLOCK_LIMIT);
		}
		catch (WebClientRequestException ex) {
			throw kept(connectionName, "cannot reach the Zoho accounts server " + accountsServer + ": "
					+ ex.getMostSpecificCause().getMessage());
		}
		if (answer.status() == 200 && answer.body().replace(" ", "").contains("\"status\":\"success\"")) {
			return Outcome.REVOKED;
		}
		if (answer.status() == 400) {
			return Outcome.ALREADY_INVALID;
		}
		throw kept(connectionName, "the Zoho accounts server " + accountsServer + " answered HTTP " + answer.status()
				+ " without confirming the revocation");
	}

	private static ZohoBatchException kept(String connectionName, String why) {
		return new ZohoBatchException(FailureReason.FAILED, "Could not revoke the refresh token of connection '"
				+ connectionName + "': " + why + ". The stored tokens were kept; run deauthorize again later");
	}

	private record Answer(int status, String body) {

		@Override
		public String toString() {
			return "Answer[status=" + this.status + "]";
		}

	}

}
