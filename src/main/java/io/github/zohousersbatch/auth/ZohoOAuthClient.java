package io.github.zohousersbatch.auth;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.http.TransientHttpException;
import io.github.zohousersbatch.http.ZohoApi;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Talks to a Zoho accounts server: {@code POST /oauth/v2/token} with a form body (secrets
 * never go into a URL) through {@link ZohoApi}, judging success by the presence of
 * {@code access_token} because errors come back as HTTP 200. A 5xx, an answer that is not
 * JSON and a failed connection are retried with backoff within the retry settings; a
 * request whose answer was lost after it was sent is sent again once only; a throttle
 * ({@code Access Denied}) is never retried ({@link AccessTokens} waits its 10 minutes).
 */
@Component
public class ZohoOAuthClient {

	private static final String WHAT = "Token request";

	private final ZohoApi api;

	private final Retrying retrying;

	private final JsonMapper json;

	ZohoOAuthClient(ZohoApi api, Retrying retrying, JsonMapper json) {
		this.api = api;
		this.retrying = retrying;
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
		TokenResponse response = post(connectionName, client, accountsServer, form);
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
		TokenResponse response = post(connectionName, client, accountsServer, form);
		if (!response.hasAccessToken()) {
			throw failure(response, connectionName, accountsServer, client,
					"the refresh token was revoked, or replaced because the Zoho user created more than 20 "
							+ "refresh tokens: authorize the connection again (zoho-users-batch authorize --connection "
							+ connectionName + ")");
		}
		return response;
	}

	// the form holds the client secret and a code or refresh token: checked here, right
	// before it leaves
	private TokenResponse post(String connectionName, ZohoProperties.Connection client, String accountsServer,
			MultiValueMap<String, String> form) {
		String url = TrustedServers.requireAccountsServer(connectionName, client, accountsServer,
				"to be sent the token request of") + "/oauth/v2/token";
		AtomicInteger lostAnswers = new AtomicInteger();
		return this.retrying.call(WHAT, () -> parse(url, send(url, form, lostAnswers)));
	}

	// a request Zoho may have served counts against its 10 access tokens per 10
	// minutes, whether its answer arrived or not: such a request is sent again once,
	// not as often as the retry settings allow
	private ZohoApi.Answer send(String url, MultiValueMap<String, String> form, AtomicInteger lostAnswers) {
		try {
			return this.api.postForm(url, form, WHAT);
		}
		catch (TransientHttpException ex) {
			if (ex.answerLost() && lostAnswers.incrementAndGet() > 1) {
				throw new ZohoBatchException(FailureReason.FAILED, ex.getMessage()
						+ "; the answer to a token request was lost twice: not sending it a third time, as every "
						+ "request Zoho served counts against the 10 access tokens it issues per 10 minutes; "
						+ "restart later", ex);
			}
			throw ex;
		}
	}

	// an answer that is not JSON (a proxy's or a maintenance page) and a 5xx are the
	// accounts server unavailable for a while, not an answer to the request: retried
	private TokenResponse parse(String url, ZohoApi.Answer answer) {
		TokenResponse response;
		try {
			response = this.json.readValue(answer.body(), TokenResponse.class);
		}
		catch (JacksonException ex) {
			// never echo the body: it may hold a token
			throw new TransientHttpException(WHAT + ": the Zoho token endpoint " + url + " answered HTTP "
					+ answer.status() + " with a body that is not a token response (" + answer.body().length()
					+ " characters); Zoho may be unavailable", ZohoApi.retryAfter(answer.retryAfter()), null);
		}
		if (answer.status() >= 500 && !response.hasAccessToken() && !response.isThrottled()) {
			throw new TransientHttpException(
					WHAT + ": the Zoho token endpoint " + url + " answered HTTP " + answer.status()
							+ ((response.error() != null) ? " (" + response.error() + ")" : ""),
					ZohoApi.retryAfter(answer.retryAfter()), null);
		}
		return response;
	}

	private static ZohoBatchException failure(TokenResponse response, String connectionName, String accountsServer,
			ZohoProperties.Connection client, String invalidCodeRemedy) {
		String error = String.valueOf(response.error());
		if (response.isThrottled()) {
			return new TokenThrottledException("Zoho refused a new access token for connection '" + connectionName
					+ "': too many token requests (Zoho allows 10 per 10 minutes). Wait 10 minutes, "
					+ "then restart; stored access tokens are reused to stay under the limit");
		}
		return switch (error) {
			case "invalid_code" ->
				new ZohoBatchException(FailureReason.TOKEN_REJECTED, "Zoho rejected the token request of connection '"
						+ connectionName + "' (invalid_code): " + invalidCodeRemedy);
			case "invalid_client", "invalid_client_secret" -> new ZohoBatchException(FailureReason.TOKEN_REJECTED,
					wrongClient(error, connectionName, accountsServer, client));
			case "null" -> new ZohoBatchException(FailureReason.FAILED, "The Zoho token endpoint at " + accountsServer
					+ " answered without an access token or an error " + "(it does so sporadically); restart later");
			default -> new ZohoBatchException(FailureReason.FAILED,
					"Zoho refused the token request of connection '" + connectionName + "' with error '" + error + "'"
							+ ((response.errorDescription() != null) ? " (" + response.errorDescription() + ")" : ""));
		};
	}

	// invalid_client is what a client of another data centre gets, so the message names
	// both data centres
	private static String wrongClient(String error, String connectionName, String accountsServer,
			ZohoProperties.Connection client) {
		String serverCentre = DataCenter.byAccountsServer(accountsServer).map(DataCenter::location).orElse("custom");
		String prefix = "zoho.connections." + connectionName + ".";
		return "The Zoho accounts server " + accountsServer + " (data centre " + serverCentre + ") rejected the client "
				+ "of connection '" + connectionName + "' with " + error + "; the connection is configured for data "
				+ "centre " + client.dataCenter()
				+ (error.equals("invalid_client_secret")
						? ". The client secret is wrong: copy it again from the API console (" + prefix
								+ "client-secret)"
						: ". The client id is unknown there. Likely fix: if the Zoho user signs in to another data "
								+ "centre than " + serverCentre + ", set " + prefix + "data-center to it ("
								+ DataCenter.locations() + ") and authorize again, or enable that data centre under "
								+ "Multi-DC in the client's Settings tab of the API console; otherwise check " + prefix
								+ "client-id against the API console");
	}

	private static MultiValueMap<String, String> clientForm(ZohoProperties.Connection client) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", client.clientId());
		form.add("client_secret", client.clientSecret());
		return form;
	}

}
