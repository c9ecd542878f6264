package io.github.zohousersbatch.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's accounts server answers like Zoho's: a consent page that redirects with a
 * code, a token endpoint, and token revocation.
 */
class ZohoSandboxTests {

	static final String REDIRECT_URI = "http://localhost:8765/oauth/callback";

	final ZohoSandbox sandbox = ZohoSandbox.start(3, Duration.ZERO);

	final HttpClient client = HttpClient.newHttpClient();

	@AfterEach
	void stop() {
		this.sandbox.close();
	}

	@Test
	void consentRedirectsWithCodeLocationEncodedAccountsServerAndState() throws Exception {
		// when
		HttpResponse<String> consent = get("/oauth/v2/auth?response_type=code&client_id=" + this.sandbox.clientId()
				+ "&scope=ZohoCRM.users.READ&access_type=offline&prompt=consent&redirect_uri=" + encode(REDIRECT_URI)
				+ "&state=s-1_x");

		// then
		assertThat(consent.statusCode()).isEqualTo(302);
		String location = consent.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT_URI + "?code=1000.")
			.contains("&location=us&accounts-server=" + encode(this.sandbox.baseUrl()))
			.endsWith("&state=s-1_x");
		String code = SandboxHttp.form(URI.create(location).getRawQuery()).get("code");
		HttpResponse<String> exchange = post("/oauth/v2/token", "grant_type=authorization_code&client_id="
				+ this.sandbox.clientId() + "&client_secret=" + this.sandbox.clientSecret() + "&code=" + code);
		assertThat(exchange.body()).contains("\"refresh_token\"").contains("\"access_token\"");
	}

	@Test
	void consentWithoutClientIdOrRedirectUriIsRefused() throws Exception {
		assertThat(get("/oauth/v2/auth?response_type=code&redirect_uri=" + encode(REDIRECT_URI)).statusCode())
			.isEqualTo(400);
		assertThat(get("/oauth/v2/auth?response_type=code&client_id=" + this.sandbox.clientId()).statusCode())
			.isEqualTo(400);
		assertThat(get("/oauth/v2/auth?response_type=token&client_id=" + this.sandbox.clientId() + "&redirect_uri="
				+ encode(REDIRECT_URI))
			.statusCode()).isEqualTo(400);
	}

	@Test
	void onlineAccessBringsNoRefreshToken() throws Exception {
		// given
		HttpResponse<String> consent = get("/oauth/v2/auth?response_type=code&client_id=" + this.sandbox.clientId()
				+ "&redirect_uri=" + encode(REDIRECT_URI));
		String code = SandboxHttp.form(URI.create(consent.headers().firstValue("Location").orElseThrow()).getRawQuery())
			.get("code");

		// when
		HttpResponse<String> exchange = post("/oauth/v2/token", "grant_type=authorization_code&client_id="
				+ this.sandbox.clientId() + "&client_secret=" + this.sandbox.clientSecret() + "&code=" + code);

		// then
		assertThat(exchange.body()).contains("\"access_token\"").doesNotContain("refresh_token");
	}

	@Test
	void revokingARefreshTokenWorksOnceAndEndsItsAccessTokens() throws Exception {
		// given
		String body = post("/oauth/v2/token", "grant_type=authorization_code&client_id=" + this.sandbox.clientId()
				+ "&client_secret=" + this.sandbox.clientSecret() + "&code=" + this.sandbox.issueGrantCode())
			.body();
		String refreshToken = value(body, "refresh_token");
		String accessToken = value(body, "access_token");

		// when
		HttpResponse<String> revoked = post("/oauth/v2/token/revoke", "token=" + refreshToken);
		HttpResponse<String> again = post("/oauth/v2/token/revoke", "token=" + refreshToken);

		// then
		assertThat(revoked.statusCode()).isEqualTo(200);
		assertThat(revoked.body()).isEqualTo("{\"status\":\"success\"}");
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(this.client
			.send(HttpRequest.newBuilder(URI.create(this.sandbox.baseUrl() + "/crm/v8/users"))
				.header("Authorization", "Zoho-oauthtoken " + accessToken)
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(this.sandbox.baseUrl() + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String form) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(this.sandbox.baseUrl() + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String value(String json, String name) {
		int start = json.indexOf("\"" + name + "\":\"") + name.length() + 4;
		return json.substring(start, json.indexOf('"', start));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
