package io.github.zohousersbatch.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects that must not end in a token request: a wrong or missing state, an error
 * instead of a code, an accounts server nobody configured. A request without this
 * authorization's state may come from any web page the browser shows, so it is answered
 * with an error page and ignored: the genuine redirect still authorizes. A genuine
 * redirect carrying an error or an untrusted accounts server ends the authorization with
 * nothing stored and nothing sent to Zoho.
 */
@ZohoBatchTest
class RefusedRedirectFunctionalTests {

	static final String CODE = BrowserAuthorizationFunctionalTests.CODE;

	static final String FORGED_CODE = "1000.f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0.f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	BrowserAuthorization browserAuthorization;

	@Autowired
	TokenStore tokenStore;

	final CallbackBrowser browser = new CallbackBrowser();

	@AfterEach
	void stopWaiting() {
		this.browser.close();
	}

	@Test
	void aForgedRedirectWithAWrongStateIsIgnoredAndTheGenuineOneAuthorizes() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> forged = this.browser.redirect("code=" + FORGED_CODE + "&location=us&accounts-server="
				+ CallbackBrowser.encode(ZohoWireMock.baseUrl()) + "&state=" + pending.state().substring(1) + "A");
		int requestsAfterTheForgery = this.fixture.zoho().getAllServeEvents().size();
		HttpResponse<String> genuine = this.browser.redirect("code=" + CODE + "&state=" + pending.state());

		// then
		assertThat(forged.statusCode()).isEqualTo(400);
		assertThat(forged.body()).contains("did not carry the state")
			.contains("still waiting")
			.doesNotContain(FORGED_CODE);
		assertThat(requestsAfterTheForgery).isZero();
		assertThat(genuine.statusCode()).isEqualTo(200);
		assertThat(pending.token().refreshToken()).isEqualTo(BrowserAuthorizationFunctionalTests.REFRESH_TOKEN);
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token")).withFormParam("code", equalTo(CODE)));
		this.fixture.zoho()
			.verify(0, postRequestedFor(urlPathEqualTo("/oauth/v2/token")).withFormParam("code", equalTo(FORGED_CODE)));
	}

	@Test
	void aRedirectWithoutStateOrAStrayErrorIsIgnoredToo() throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> withoutState = this.browser.redirect("code=" + FORGED_CODE + "&location=us");
		HttpResponse<String> strayError = this.browser.redirect("error=access_denied");
		HttpResponse<String> strayErrorWithWrongState = this.browser.redirect("error=access_denied&state=forged");
		HttpResponse<String> twoStates = this.browser
			.redirect("error=access_denied&state=forged&state=" + pending.state());
		int requestsSoFar = this.fixture.zoho().getAllServeEvents().size();
		HttpResponse<String> genuine = this.browser.redirect("code=" + CODE + "&state=" + pending.state());

		// then
		for (HttpResponse<String> ignored : List.of(withoutState, strayError, strayErrorWithWrongState, twoStates)) {
			assertThat(ignored.statusCode()).isEqualTo(400);
			assertThat(ignored.body()).contains("did not carry the state");
		}
		assertThat(requestsSoFar).isZero();
		assertThat(genuine.statusCode()).isEqualTo(200);
		assertThat(pending.token().accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
	}

	@Test
	void aStalledConnectionDoesNotHoldUpTheGenuineRedirect() throws Exception {
		// given: one connection that sends nothing, one whose request never completes
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);
		int port = URI.create(ZohoBatchTest.CALLBACK_URI).getPort();
		try (Socket silent = new Socket(InetAddress.getByName("127.0.0.1"), port);
				Socket unfinished = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
			unfinished.getOutputStream().write("GET /oauth/callback?state=".getBytes(StandardCharsets.US_ASCII));
			unfinished.getOutputStream().flush();

			// when
			HttpResponse<String> genuine = this.browser.redirect("code=" + CODE + "&state=" + pending.state());

			// then
			assertThat(genuine.statusCode()).isEqualTo(200);
			assertThat(pending.token().accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
			assertThat(silent.isConnected()).isTrue();
		}
	}

	@Test
	void theRedirectArrivesOnEitherLoopbackAddressOfLocalhost() throws Exception {
		// given: browsers resolve localhost to ::1 first where the machine has it
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);
		int port = URI.create(ZohoBatchTest.CALLBACK_URI).getPort();
		String host = RedirectEndpoint.ipv6Loopback().isPresent() ? "[::1]" : "127.0.0.1";

		// when
		HttpResponse<String> genuine = this.browser.get(URI
			.create("http://" + host + ":" + port + "/oauth/callback?code=" + CODE + "&state=" + pending.state()));

		// then
		assertThat(genuine.statusCode()).isEqualTo(200);
		assertThat(pending.token().accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
	}

	@Test
	void declinedConsentSaysSoAndStoresNothing() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("error=access_denied&state=" + pending.state());

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("access_denied").contains("is not authorized");
		pending.assertFailed(FailureReason.FAILED, "rejected the consent page");
		this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void anyOtherErrorIsShownSafely() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("error=%3Cb%3Einvalid_scope&state=" + pending.state());

		// then
		assertThat(page.body()).contains("error=?b?invalid_scope").doesNotContain("<b>");
		pending.assertFailed(FailureReason.FAILED, "error=?b?invalid_scope");
	}

	@Test
	void forgedAccountsServerNeverReceivesTheCodeOrTheSecret() throws Exception {
		// given: a server that would collect what is sent to it
		AtomicInteger collected = new AtomicInteger();
		HttpServer forger = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		forger.createContext("/", exchange -> {
			collected.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		forger.start();
		try {
			CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);
			String forged = "http://127.0.0.1:" + forger.getAddress().getPort();

			// when
			HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=us&accounts-server="
					+ CallbackBrowser.encode(forged) + "&state=" + pending.state());

			// then
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("neither a Zoho accounts server").doesNotContain(CODE);
			pending.assertFailed(FailureReason.CONFIGURATION, "zoho.connections.test.accounts-url");
			assertThat(collected).hasValue(0);
			this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
			assertThat(this.tokenStore.find("test")).isEmpty();
		}
		finally {
			forger.stop(0);
		}
	}

	@Test
	void aRedirectToADataCentreNotYetKnownFailsSafeNamingTheSettingToDeclareIt() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when: Zoho sends the user to a data centre opened after this release
		HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=ae&accounts-server="
				+ CallbackBrowser.encode("https://accounts.zoho.ae") + "&state=" + pending.state());

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		pending.assertFailed(FailureReason.CONFIGURATION,
				"zoho.data-centers.ae.accounts-server and zoho.data-centers.ae.api-domain");
		this.fixture.zoho().verify(0, anyRequestedFor(anyUrl()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void lookalikeZohoHostIsRefused() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		this.browser.redirect("code=" + CODE + "&location=eu&accounts-server="
				+ CallbackBrowser.encode("https://accounts.zoho.eu.evil.example") + "&state=" + pending.state());

		// then
		pending.assertFailed(FailureReason.CONFIGURATION, "accounts.zoho.eu.evil.example");
	}

}
