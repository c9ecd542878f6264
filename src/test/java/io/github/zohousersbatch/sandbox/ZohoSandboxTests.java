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
 * The sandbox's accounts server answers like Zoho's: a consent page with Accept and
 * Reject that redirects with a code or {@code error=access_denied}, a token endpoint, and
 * token revocation.
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
	void consentPageNamesTheClientAndTheScopesAndOffersAcceptAndReject() throws Exception {
		// when
		HttpResponse<String> page = consentPage("s-1_x", "&access_type=offline");

		// then
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).contains("text/html;charset=UTF-8");
		assertThat(page.body()).contains(this.sandbox.clientId())
			.contains("<code>ZohoCRM.users.READ</code>")
			.contains("<code>ZohoCRM.org.READ</code>")
			.contains("name=\"decision\" value=\"accept\"")
			.contains("name=\"decision\" value=\"reject\"")
			.contains("access_type=offline")
			.doesNotContain("s-1_x");
	}

	@Test
	void acceptRedirectsWithCodeLocationEncodedAccountsServerAndState() throws Exception {
		// when
		HttpResponse<String> accepted = decide(consentPage("s-1_x", "&access_type=offline"), "accept");

		// then
		assertThat(accepted.statusCode()).isEqualTo(302);
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT_URI + "?code=1000.")
			.contains("&location=us&accounts-server=" + encode(this.sandbox.baseUrl()))
			.endsWith("&state=s-1_x");
		String code = SandboxHttp.form(URI.create(location).getRawQuery()).get("code");
		HttpResponse<String> exchange = post("/oauth/v2/token", "grant_type=authorization_code&client_id="
				+ this.sandbox.clientId() + "&client_secret=" + this.sandbox.clientSecret() + "&code=" + code);
		assertThat(exchange.body()).contains("\"refresh_token\"").contains("\"access_token\"");
	}

	@Test
	void rejectRedirectsWithAccessDeniedAndTheStateAndIssuesNoCode() throws Exception {
		// when
		HttpResponse<String> rejected = decide(consentPage("s-2", "&access_type=offline"), "reject");

		// then
		assertThat(rejected.statusCode()).isEqualTo(302);
		assertThat(rejected.headers().firstValue("Location").orElseThrow()).isEqualTo(REDIRECT_URI
				+ "?error=access_denied&location=us&accounts-server=" + encode(this.sandbox.baseUrl()) + "&state=s-2");
	}

	@Test
	void aConsentPageIsAnsweredOnceAndOnlyByPost() throws Exception {
		// given
		HttpResponse<String> page = consentPage("s-3", "");
		assertThat(decide(page, "accept").statusCode()).isEqualTo(302);

		// when
		HttpResponse<String> again = decide(page, "reject");
		HttpResponse<String> unknown = post("/oauth/v2/auth/consent", "consent=forged&decision=accept");
		HttpResponse<String> fetched = get("/oauth/v2/auth/consent?consent=" + consentId(page) + "&decision=accept");

		// then
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(again.body()).contains("unknown or was already answered.");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(fetched.statusCode()).isEqualTo(405);
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
		HttpResponse<String> accepted = decide(consentPage("s-4", ""), "accept");
		String code = SandboxHttp
			.form(URI.create(accepted.headers().firstValue("Location").orElseThrow()).getRawQuery())
			.get("code");

		// when
		HttpResponse<String> exchange = post("/oauth/v2/token", "grant_type=authorization_code&client_id="
				+ this.sandbox.clientId() + "&client_secret=" + this.sandbox.clientSecret() + "&code=" + code);

		// then
		assertThat(exchange.body()).contains("\"access_token\"").doesNotContain("refresh_token");
	}

	@Test
	void aCodeRequestedWithAPkceChallengeIsExchangedOnlyWithItsVerifier() throws Exception {
		// given: S256 of the verifier, computed apart
		String verifier = "dBjftJeZ4CVP-mJ92bRcfvTQqxK2sA6fDmQ7eOGZwgw";
		String challenge = "&access_type=offline&code_challenge=YRxxIbPEj1AH31ySFwxzjD3w6V3pEFXzIMaVa48UM_U"
				+ "&code_challenge_method=S256";
		String stolen = code(decide(consentPage("s-5", challenge), "accept"));
		String wrong = code(decide(consentPage("s-6", challenge), "accept"));
		String genuine = code(decide(consentPage("s-7", challenge), "accept"));
		String exchange = "grant_type=authorization_code&client_id=" + this.sandbox.clientId() + "&client_secret="
				+ this.sandbox.clientSecret() + "&code=";

		// when: the code alone, as whoever took it from the redirect has it; a wrong
		// verifier; the verifier
		HttpResponse<String> withoutVerifier = post("/oauth/v2/token", exchange + stolen);
		HttpResponse<String> wrongVerifier = post("/oauth/v2/token",
				exchange + wrong + "&code_verifier=x" + verifier.substring(1));
		HttpResponse<String> withVerifier = post("/oauth/v2/token", exchange + genuine + "&code_verifier=" + verifier);

		// then
		assertThat(withoutVerifier.body()).isEqualTo("{\"error\":\"invalid_code\"}");
		assertThat(wrongVerifier.body()).isEqualTo("{\"error\":\"invalid_code\"}");
		assertThat(withVerifier.body()).contains("\"access_token\"").contains("\"refresh_token\"");
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

	@Test
	void theOrganisationCanCountDifferentlyRefusePagingAndListUsersByType() throws Exception {
		// given: 5 users, the fourth (index 3) never accepted the invitation
		try (ZohoSandbox zoho = ZohoSandbox.start(5, Duration.ZERO)) {
			String accessToken = value(this.client.send(HttpRequest
				.newBuilder(URI.create(zoho.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=" + zoho.clientId()
						+ "&client_secret=" + zoho.clientSecret() + "&code=" + zoho.issueGrantCode()))
				.build(), HttpResponse.BodyHandlers.ofString()).body(), "access_token");

			// when
			zoho.controls().offsetCount(-2).refusePagingPast(2);
			HttpResponse<String> count = crm(zoho, accessToken, "/crm/v8/users/actions/count?type=AllUsers");
			HttpResponse<String> page2 = crm(zoho, accessToken, "/crm/v8/users?type=AllUsers&page=2&per_page=2");
			HttpResponse<String> past = crm(zoho, accessToken, "/crm/v8/users?type=AllUsers&page=4&per_page=2");
			HttpResponse<String> invited = crm(zoho, accessToken, "/crm/v8/users?type=NotConfirmedUsers&page=1");

			// then
			assertThat(count.body()).isEqualTo("{\"count\":3}");
			assertThat(page2.statusCode()).isEqualTo(400);
			assertThat(page2.body()).isEqualTo("{\"code\":\"DISCRETE_PAGINATION_LIMIT_EXCEEDED\",\"details\":"
					+ "{\"limit\":2},\"message\":\"You can only get the first 2 records without using page_token "
					+ "param.\",\"status\":\"error\"}");
			assertThat(past.statusCode()).as("past the last user").isEqualTo(204);
			assertThat(invited.body()).contains("\"id\":\"" + SandboxUsers.id(3) + "\"")
				.contains("\"confirm\":false")
				.contains("\"Confirmed_Time__s\":null")
				.contains("\"Invited_Time__s\":\"2019-08-20T14:21:16+05:30\"")
				.contains("\"count\":1");
		}
	}

	private HttpResponse<String> crm(ZohoSandbox zoho, String accessToken, String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create(zoho.baseUrl() + path))
			.header("Authorization", "Zoho-oauthtoken " + accessToken)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String code(HttpResponse<String> accepted) {
		return SandboxHttp.form(URI.create(accepted.headers().firstValue("Location").orElseThrow()).getRawQuery())
			.get("code");
	}

	private HttpResponse<String> consentPage(String state, String more) throws Exception {
		return get("/oauth/v2/auth?response_type=code&client_id=" + this.sandbox.clientId()
				+ "&scope=ZohoCRM.users.READ,ZohoCRM.org.READ" + more + "&prompt=consent&redirect_uri="
				+ encode(REDIRECT_URI) + "&state=" + state);
	}

	private HttpResponse<String> decide(HttpResponse<String> page, String decision) throws Exception {
		return post("/oauth/v2/auth/consent", "consent=" + consentId(page) + "&decision=" + decision);
	}

	private static String consentId(HttpResponse<String> page) {
		return value(page.body().replace("name=\"consent\" value=", "\"consent\":"), "consent");
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
