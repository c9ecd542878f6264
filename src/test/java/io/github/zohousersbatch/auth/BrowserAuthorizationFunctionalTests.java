package io.github.zohousersbatch.auth;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoProperties;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The browser authorization against WireMock speaking Zoho's format: real HTTP requests
 * to the loopback listener play the browser's redirect.
 */
@ZohoBatchTest
class BrowserAuthorizationFunctionalTests {

	static final String CODE = "1000.8f2b6c1d9e0a4b7c3d5e6f7a8b9c0d1e.2a3b4c5d6e7f8091a2b3c4d5e6f70819";

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	BrowserAuthorization browserAuthorization;

	@Autowired
	Authorization authorization;

	@Autowired
	ZohoProperties properties;

	@Autowired
	TokenStore tokenStore;

	@Autowired
	Connections connections;

	final CallbackBrowser browser = new CallbackBrowser();

	@AfterEach
	void stopWaiting() {
		this.browser.close();
	}

	@Test
	void genuineRedirectIsExchangedAtTheAccountsServerItNamesAndStored() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=us&accounts-server="
				+ CallbackBrowser.encode(ZohoWireMock.baseUrl()) + "&state=" + pending.state());

		// then: the consent request carries the PKCE challenge, the token request its
		// verifier
		String challenge = pending.consent().getRawQuery().replaceFirst(".*&code_challenge=([^&]+).*", "$1");
		assertThat(pending.consent()).hasToString(
				ZohoWireMock.baseUrl() + "/oauth/v2/auth?response_type=code&client_id=" + ZohoBatchTest.CLIENT_ID
						+ "&scope=ZohoCRM.users.READ,ZohoCRM.org.READ,ZohoCRM.features.READ&access_type=offline"
						+ "&prompt=consent&redirect_uri=" + CallbackBrowser.encode(ZohoBatchTest.CALLBACK_URI)
						+ "&state=" + pending.state() + "&code_challenge=" + challenge + "&code_challenge_method=S256");
		String verifier = this.fixture.zoho()
			.findAll(postRequestedFor(urlPathEqualTo("/oauth/v2/token")))
			.get(0)
			.formParameters()
			.get("code_verifier")
			.firstValue();
		assertThat(verifier).hasSize(43);
		assertThat(ProofKey.challengeOf(verifier)).isEqualTo(challenge);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
		assertThat(page.body()).contains("Connection &#39;test&#39; is authorized")
			.doesNotContain(CODE)
			.doesNotContain(REFRESH_TOKEN);
		ConnectionToken token = pending.token();
		assertThat(token.accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
		assertThat(this.tokenStore.find("test")).get()
			.satisfies(stored -> assertThat(stored.refreshToken()).isEqualTo(REFRESH_TOKEN))
			.satisfies(stored -> assertThat(stored.accountsServer()).isEqualTo(ZohoWireMock.baseUrl()))
			.satisfies(stored -> assertThat(stored.apiDomain()).isEqualTo(ZohoWireMock.baseUrl()));
		this.fixture.zoho()
			.verify(1,
					postRequestedFor(urlPathEqualTo("/oauth/v2/token"))
						.withFormParam("grant_type", equalTo("authorization_code"))
						.withFormParam("code", equalTo(CODE))
						.withFormParam("redirect_uri", equalTo(ZohoBatchTest.CALLBACK_URI))
						.withFormParam("client_id", equalTo(ZohoBatchTest.CLIENT_ID))
						.withFormParam("client_secret", equalTo(ZohoBatchTest.CLIENT_SECRET)));
	}

	@Test
	void bareVisitsAndOtherPathsDoNotEndTheWait() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> bare = this.browser.get(URI.create(ZohoBatchTest.CALLBACK_URI));
		HttpResponse<String> favicon = this.browser.get(URI.create(ZohoBatchTest.CALLBACK_URI).resolve("/favicon.ico"));
		HttpResponse<String> genuine = this.browser.redirect("state=" + pending.state() + "&code=" + CODE);

		// then
		assertThat(bare.statusCode()).isEqualTo(200);
		assertThat(bare.body()).contains("Waiting for Zoho");
		assertThat(favicon.statusCode()).isEqualTo(404);
		assertThat(genuine.statusCode()).isEqualTo(200);
		assertThat(pending.token().accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
	}

	@Test
	void responseWithoutRefreshTokenIsRefusedWithTheRemedy() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token")
				.willReturn(ZohoWireMock.json("token-authorization-code-without-refresh-token.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&state=" + pending.state());

		// then
		assertThat(page.body()).contains(MissingRefreshTokenException.SENTENCE).contains("Connected Apps");
		pending.assertFailed(FailureReason.NO_REFRESH_TOKEN, MissingRefreshTokenException.SENTENCE);
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void expiredCodeIsTokenRejected() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-error-invalid-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		this.browser.redirect("code=" + CODE + "&state=" + pending.state());

		// then
		pending.assertFailed(FailureReason.TOKEN_REJECTED, "invalid_code");
	}

	@Test
	void nothingArrivingEndsTheWaitAndClosesTheListener() {
		// given: a 300 ms wait instead of five minutes
		ZohoProperties p = this.properties;
		BrowserAuthorization impatient = new BrowserAuthorization(this.authorization,
				new ZohoProperties(p.connections(), p.secretKey(), p.secretKeyFile(), p.stateDir(),
						p.tokenReuseMargin(), Duration.ofMillis(300)),
				this.connections);

		// when / then
		assertThatThrownBy(() -> impatient.authorize("test", consent -> {
		})).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("No authorization of connection 'test' arrived")
			.hasMessageContaining("zoho.authorization-timeout")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.FAILED);
		assertThatThrownBy(() -> this.browser.get(URI.create(ZohoBatchTest.CALLBACK_URI)))
			.isInstanceOf(ConnectException.class);
	}

}
