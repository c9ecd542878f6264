package io.github.zohousersbatch.auth;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects that must not end in a token request: a wrong or missing state, an error instead of a code, an
 * accounts server nobody configured. Each ends the authorization with nothing stored and nothing sent to Zoho.
 */
@ZohoBatchTest
class RefusedRedirectFunctionalTests {

	static final String CODE = BrowserAuthorizationFunctionalTests.CODE;

	@Autowired
	BrowserAuthorization browserAuthorization;

	@Autowired
	TokenStore tokenStore;

	@Autowired
	JdbcClient jdbc;

	final WireMockServer zoho = ZohoWireMock.server();

	final CallbackBrowser browser = new CallbackBrowser();

	@AfterEach
	void stopWaiting() {
		this.browser.close();
	}

	@Test
	void wrongStateEndsTheAuthorizationWithoutATokenRequest() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=us&accounts-server="
				+ CallbackBrowser.encode(ZohoWireMock.baseUrl()) + "&state=" + pending.state().substring(1) + "A");

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("did not carry the state").doesNotContain(CODE);
		pending.assertFailed(FailureReason.FAILED, "did not carry the state");
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void missingStateEndsTheAuthorizationWithoutATokenRequest() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=us");

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		pending.assertFailed(FailureReason.FAILED, "did not carry the state");
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
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
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
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
			HttpResponse<String> page = this.browser.redirect("code=" + CODE + "&location=us&accounts-server=" + CallbackBrowser.encode(forged)
					+ "&state=" + pending.state());

			// then
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("neither a Zoho accounts server").doesNotContain(CODE);
			pending.assertFailed(FailureReason.CONFIGURATION, "zoho.connections.test.accounts-url");
			assertThat(collected).hasValue(0);
			this.zoho.verify(0, anyRequestedFor(anyUrl()));
			assertThat(this.tokenStore.find("test")).isEmpty();
		}
		finally {
			forger.stop(0);
		}
	}

	@Test
	void lookalikeZohoHostIsRefused() throws Exception {
		// given
		CallbackBrowser.Pending pending = this.browser.start(this.browserAuthorization);

		// when
		this.browser.redirect("code=" + CODE + "&location=eu&accounts-server=" + CallbackBrowser.encode("https://accounts.zoho.eu.evil.example")
				+ "&state=" + pending.state());

		// then
		pending.assertFailed(FailureReason.CONFIGURATION, "accounts.zoho.eu.evil.example");
	}

}
