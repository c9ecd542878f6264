package io.github.zohousersbatch.auth;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The browser authorization against WireMock speaking Zoho's format: real HTTP requests to the loopback
 * listener play the browser's redirect.
 */
@ZohoBatchTest
class BrowserAuthorizationFunctionalTests {

	static final String CODE = "1000.8f2b6c1d9e0a4b7c3d5e6f7a8b9c0d1e.2a3b4c5d6e7f8091a2b3c4d5e6f70819";

	static final String REFRESH_TOKEN = "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1";

	@Autowired
	BrowserAuthorization browserAuthorization;

	@Autowired
	Authorization authorization;

	@Autowired
	ZohoProperties properties;

	@Autowired
	TokenStore tokenStore;

	@Autowired
	JdbcClient jdbc;

	final WireMockServer zoho = ZohoWireMock.server();

	final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final ExecutorService executor = Executors.newSingleThreadExecutor();

	@BeforeEach
	void cleanState() {
		Tables.clean(this.jdbc);
		this.zoho.resetAll();
	}

	@AfterEach
	void stopWaiting() {
		this.executor.shutdownNow();
	}

	@Test
	void genuineRedirectIsExchangedAtTheAccountsServerItNamesAndStored() throws Exception {
		// given
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("code=" + CODE + "&location=us&accounts-server="
				+ encode(ZohoWireMock.baseUrl()) + "&state=" + pending.state());

		// then
		assertThat(pending.consent()).hasToString(ZohoWireMock.baseUrl() + "/oauth/v2/auth?response_type=code&client_id="
				+ ZohoBatchTest.CLIENT_ID + "&scope=ZohoCRM.users.READ,ZohoCRM.org.READ&access_type=offline"
				+ "&prompt=consent&redirect_uri=" + encode(ZohoBatchTest.CALLBACK_URI) + "&state=" + pending.state());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
		assertThat(page.body()).contains("Connection &#39;test&#39; is authorized").doesNotContain(CODE)
			.doesNotContain(REFRESH_TOKEN);
		ConnectionToken token = pending.result().get(30, TimeUnit.SECONDS);
		assertThat(token.accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
		assertThat(this.tokenStore.find("test")).get()
			.satisfies(stored -> assertThat(stored.refreshToken()).isEqualTo(REFRESH_TOKEN))
			.satisfies(stored -> assertThat(stored.accountsServer()).isEqualTo(ZohoWireMock.baseUrl()))
			.satisfies(stored -> assertThat(stored.apiDomain()).isEqualTo(ZohoWireMock.baseUrl()));
		this.zoho.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token"))
			.withFormParam("grant_type", equalTo("authorization_code"))
			.withFormParam("code", equalTo(CODE))
			.withFormParam("redirect_uri", equalTo(ZohoBatchTest.CALLBACK_URI))
			.withFormParam("client_id", equalTo(ZohoBatchTest.CLIENT_ID))
			.withFormParam("client_secret", equalTo(ZohoBatchTest.CLIENT_SECRET)));
	}

	@Test
	void bareVisitsAndOtherPathsDoNotEndTheWait() throws Exception {
		// given
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> bare = get(URI.create(ZohoBatchTest.CALLBACK_URI));
		HttpResponse<String> favicon = get(URI.create(ZohoBatchTest.CALLBACK_URI).resolve("/favicon.ico"));
		HttpResponse<String> genuine = redirect("state=" + pending.state() + "&code=" + CODE);

		// then
		assertThat(bare.statusCode()).isEqualTo(400);
		assertThat(favicon.statusCode()).isEqualTo(404);
		assertThat(genuine.statusCode()).isEqualTo(200);
		assertThat(pending.result().get(30, TimeUnit.SECONDS).accountsServer()).isEqualTo(ZohoWireMock.baseUrl());
	}

	@Test
	void wrongStateEndsTheAuthorizationWithoutATokenRequest() throws Exception {
		// given
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("code=" + CODE + "&location=us&accounts-server="
				+ encode(ZohoWireMock.baseUrl()) + "&state=" + pending.state().substring(1) + "A");

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("did not carry the state").doesNotContain(CODE);
		assertFailure(pending, FailureReason.FAILED, "did not carry the state");
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void missingStateEndsTheAuthorizationWithoutATokenRequest() throws Exception {
		// given
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("code=" + CODE + "&location=us");

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		assertFailure(pending, FailureReason.FAILED, "did not carry the state");
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
	}

	@Test
	void declinedConsentSaysSoAndStoresNothing() throws Exception {
		// given
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("error=access_denied&state=" + pending.state());

		// then
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("access_denied").contains("is not authorized");
		assertFailure(pending, FailureReason.FAILED, "rejected the consent page");
		this.zoho.verify(0, anyRequestedFor(anyUrl()));
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void anyOtherErrorIsShownSafely() throws Exception {
		// given
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("error=%3Cb%3Einvalid_scope&state=" + pending.state());

		// then
		assertThat(page.body()).contains("error=?b?invalid_scope").doesNotContain("<b>");
		assertFailure(pending, FailureReason.FAILED, "error=?b?invalid_scope");
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
			Pending pending = start(this.browserAuthorization);
			String forged = "http://127.0.0.1:" + forger.getAddress().getPort();

			// when
			HttpResponse<String> page = redirect("code=" + CODE + "&location=us&accounts-server=" + encode(forged)
					+ "&state=" + pending.state());

			// then
			assertThat(page.statusCode()).isEqualTo(400);
			assertThat(page.body()).contains("neither a Zoho accounts server").doesNotContain(CODE);
			assertFailure(pending, FailureReason.CONFIGURATION, "zoho.connections.test.accounts-url");
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
		Pending pending = start(this.browserAuthorization);

		// when
		redirect("code=" + CODE + "&location=eu&accounts-server=" + encode("https://accounts.zoho.eu.evil.example")
				+ "&state=" + pending.state());

		// then
		assertFailure(pending, FailureReason.CONFIGURATION, "accounts.zoho.eu.evil.example");
	}

	@Test
	void responseWithoutRefreshTokenIsRefusedWithTheRemedy() throws Exception {
		// given
		this.zoho.stubFor(post("/oauth/v2/token")
			.willReturn(ZohoWireMock.json("token-authorization-code-without-refresh-token.json")));
		Pending pending = start(this.browserAuthorization);

		// when
		HttpResponse<String> page = redirect("code=" + CODE + "&state=" + pending.state());

		// then
		assertThat(page.body()).contains(MissingRefreshTokenException.SENTENCE).contains("Connected Apps");
		assertFailure(pending, FailureReason.NO_REFRESH_TOKEN, MissingRefreshTokenException.SENTENCE);
		assertThat(this.tokenStore.find("test")).isEmpty();
	}

	@Test
	void expiredCodeIsTokenRejected() throws Exception {
		// given
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-error-invalid-code.json")));
		Pending pending = start(this.browserAuthorization);

		// when
		redirect("code=" + CODE + "&state=" + pending.state());

		// then
		assertFailure(pending, FailureReason.TOKEN_REJECTED, "invalid_code");
	}

	@Test
	void nothingArrivingEndsTheWaitAndClosesTheListener() {
		// given: a 300 ms wait instead of five minutes
		ZohoProperties p = this.properties;
		BrowserAuthorization impatient = new BrowserAuthorization(this.authorization, new ZohoProperties(
				p.connections(), p.secretKey(), p.secretKeyFile(), p.tokenReuseMargin(), Duration.ofMillis(300)));

		// when / then
		assertThatThrownBy(() -> impatient.authorize("test", consent -> {
		})).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("No authorization of connection 'test' arrived")
			.hasMessageContaining("zoho.authorization-timeout")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.FAILED);
		assertThatThrownBy(() -> get(URI.create(ZohoBatchTest.CALLBACK_URI))).isInstanceOf(ConnectException.class);
	}

	private Pending start(BrowserAuthorization authorization) throws Exception {
		CompletableFuture<URI> consent = new CompletableFuture<>();
		CompletableFuture<ConnectionToken> result = CompletableFuture
			.supplyAsync(() -> authorization.authorize("test", consent::complete), this.executor);
		// the consent address is handed over once the listener accepts connections
		CompletableFuture.anyOf(consent, result).get(30, TimeUnit.SECONDS);
		return new Pending(consent.getNow(null), result);
	}

	private HttpResponse<String> redirect(String query) throws IOException, InterruptedException {
		return get(URI.create(ZohoBatchTest.CALLBACK_URI + "?" + query));
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.browser.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static void assertFailure(Pending pending, FailureReason reason, String message) {
		assertThatThrownBy(() -> pending.result().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining(message)
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(reason);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private record Pending(URI consent, CompletableFuture<ConnectionToken> result) {

		String state() {
			String query = this.consent.getRawQuery();
			return query.substring(query.indexOf("&state=") + "&state=".length());
		}

	}

}
