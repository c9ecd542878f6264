package io.github.zohousersbatch.auth;

import java.time.Duration;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Talks to a Zoho accounts server: {@code POST /oauth/v2/token} with a form body (secrets never go into a
 * URL), judging success by the presence of {@code access_token} because errors come back as HTTP 200.
 */
@Component
public class ZohoOAuthClient {

	private static final Duration BLOCK_LIMIT = Duration.ofMinutes(5);

	private final WebClient webClient;

	private final JsonMapper json;

	ZohoOAuthClient(WebClient zohoWebClient, JsonMapper json) {
		this.webClient = zohoWebClient;
		this.json = json;
	}

	/** Exchanges a grant code; {@code redirectUri} is null for Self Client codes. */
	TokenResponse exchangeCode(String connectionName, String accountsServer, ZohoProperties.Connection client,
			String code, String redirectUri) {
		MultiValueMap<String, String> form = clientForm(client);
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		if (redirectUri != null) {
			form.add("redirect_uri", redirectUri);
		}
		TokenResponse response = post(accountsServer, form);
		if (!response.hasAccessToken()) {
			throw failure(response, connectionName, accountsServer, client, "the grant code was expired or already "
					+ "used (codes live 1 to 3 minutes and work once): generate a new code and run authorize at once");
		}
		return response;
	}

	/** Obtains a new access token with the stored refresh token. */
	TokenResponse refresh(String connectionName, String accountsServer, ZohoProperties.Connection client,
			String refreshToken) {
		MultiValueMap<String, String> form = clientForm(client);
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		TokenResponse response = post(accountsServer, form);
		if (!response.hasAccessToken()) {
			throw failure(response, connectionName, accountsServer, client,
					"the refresh token was revoked, or replaced because the Zoho user created more than 20 "
							+ "refresh tokens: authorize the connection again (zoho-users-batch authorize --connection "
							+ connectionName + ")");
		}
		return response;
	}

	private TokenResponse post(String accountsServer, MultiValueMap<String, String> form) {
		String url = accountsServer + "/oauth/v2/token";
		try {
			HttpAnswer answer = this.webClient.post()
				.uri(url)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(BodyInserters.fromFormData(form))
				.exchangeToMono(reply -> reply.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new HttpAnswer(reply.statusCode().value(), body)))
				.block(BLOCK_LIMIT);
			return parse(url, answer);
		}
		catch (WebClientRequestException ex) {
			throw new ZohoBatchException(FailureReason.FAILED,
					"Cannot reach the Zoho accounts server " + accountsServer + ": " + ex.getMostSpecificCause().getMessage(),
					ex);
		}
	}

	private TokenResponse parse(String url, HttpAnswer answer) {
		try {
			return this.json.readValue(answer.body(), TokenResponse.class);
		}
		catch (JacksonException ex) {
			// never echo the body: it may hold a token
			throw new ZohoBatchException(FailureReason.FAILED, "The Zoho token endpoint " + url + " answered HTTP "
					+ answer.status() + " with a body that is not a token response (" + answer.body().length()
					+ " characters); Zoho may be unavailable, restart later");
		}
	}

	private static ZohoBatchException failure(TokenResponse response, String connectionName, String accountsServer,
			ZohoProperties.Connection client, String invalidCodeRemedy) {
		String error = String.valueOf(response.error());
		if (response.isThrottled()) {
			return new ZohoBatchException(FailureReason.FAILED, "Zoho refused a new access token for connection '"
					+ connectionName + "': too many token requests (Zoho allows 10 per 10 minutes). Wait 10 minutes, "
					+ "then restart; stored access tokens are reused to stay under the limit");
		}
		return switch (error) {
			case "invalid_code" -> new ZohoBatchException(FailureReason.TOKEN_REJECTED,
					"Zoho rejected the token request of connection '" + connectionName + "' (invalid_code): "
							+ invalidCodeRemedy);
			case "invalid_client", "invalid_client_secret" -> new ZohoBatchException(FailureReason.TOKEN_REJECTED,
					"Zoho rejected the client of connection '" + connectionName + "' (" + error + ") at "
							+ accountsServer + ": check zoho.connections." + connectionName
							+ ".client-id and client-secret against the Zoho API console; if they are right, the "
							+ "client belongs to another data centre (configured: " + client.dataCenter()
							+ "): set zoho.connections." + connectionName
							+ ".data-center to the data centre the Zoho user signs in to, or enable Multi-DC for "
							+ "the client in the API console");
			case "null" -> new ZohoBatchException(FailureReason.FAILED,
					"The Zoho token endpoint at " + accountsServer + " answered without an access token or an error "
							+ "(it does so sporadically); restart later");
			default -> new ZohoBatchException(FailureReason.FAILED, "Zoho refused the token request of connection '"
					+ connectionName + "' with error '" + error + "'"
					+ ((response.errorDescription() != null) ? " (" + response.errorDescription() + ")" : ""));
		};
	}

	private static MultiValueMap<String, String> clientForm(ZohoProperties.Connection client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", client.clientId());
		form.add("client_secret", client.clientSecret());
		return form;
	}

	private record HttpAnswer(int status, String body) {

		@Override
		public String toString() {
			return "HttpAnswer[status=" + this.status + "]";
		}

	}

}
