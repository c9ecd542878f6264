package io.github.zohousersbatch.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth commands run in-process as an operator runs them: browser authorization
 * against the bundled Zoho sandbox (HtmlUnit plays the browser: it accepts the consent
 * page and follows Zoho's redirect), check, run, deauthorize, and what a wrong encryption
 * key does to each.
 */
class OAuthCommandsTests {

	final WireMockServer zoho = ZohoWireMock.server();

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	final ExecutorService executor = Executors.newSingleThreadExecutor();

	final WebClient browser = new WebClient();

	@BeforeAll
	static void migrateSchema() {
		// any command that starts the application migrates the schema
		try (CapturedConsole console = CapturedConsole.capture()) {
			assertThat(cli(List.of(), "status")).as(console::text).isZero();
		}
	}

	@BeforeEach
	void cleanState() {
		this.zoho.resetAll();
		Tables.clean(this.jdbc);
	}

	@AfterEach
	void stopWaiting() {
		this.executor.shutdownNow();
		this.browser.close();
	}

	@Test
	void browserAuthorizationThenCheckRunAndDeauthorizeAgainstTheSandbox() throws Exception {
		try (ZohoSandbox sandbox = ZohoSandbox.start(12, Duration.ZERO)) {
			List<String> sandboxConnection = List.of("--zoho.connections.sandbox.client-id=" + sandbox.clientId(),
					"--zoho.connections.sandbox.client-secret=" + sandbox.clientSecret(),
					"--zoho.connections.sandbox.accounts-url=" + sandbox.baseUrl(),
					"--zoho.connections.sandbox.redirect-uri=http://localhost:" + TestDatabase.freePort()
							+ "/oauth/callback");
			String output;
			int authorized;
			HtmlPage page;
			int checked;
			int ran;
			int deauthorized;
			int checkedAgain;
			try (CapturedConsole console = CapturedConsole.capture()) {
				// when: authorize, and the browser opens the printed address, accepts
				// the consent page and follows Zoho's redirect
				CompletableFuture<String> consent = console
					.match(Pattern.compile(Pattern.quote(sandbox.baseUrl()) + "/oauth/v2/auth\\?\\S+"));
				CompletableFuture<Integer> authorize = CompletableFuture.supplyAsync(
						() -> cli(sandboxConnection, "authorize", "--connection", "sandbox", "--no-browser"),
						this.executor);
				CompletableFuture.anyOf(consent, authorize).get(2, TimeUnit.MINUTES);
				this.browser.getOptions().setJavaScriptEnabled(false);
				HtmlPage consentPage = this.browser.getPage(consent.getNow("http://no-consent-printed/"));
				page = consentPage.<HtmlButton>getHtmlElementById("accept").click();
				authorized = authorize.get(2, TimeUnit.MINUTES);
				// and then uses the connection
				checked = cli(sandboxConnection, "check", "--connection", "sandbox");
				ran = cli(sandboxConnection, "run", "--connection", "sandbox");
				deauthorized = cli(sandboxConnection, "deauthorize", "--connection", "sandbox");
				checkedAgain = cli(sandboxConnection, "check", "--connection", "sandbox");
				output = console.text();
			}

			// then
			assertThat(authorized).as(output).isZero();
			assertThat(page.getWebResponse().getStatusCode()).isEqualTo(200);
			assertThat(page.asNormalizedText()).contains("is authorized");
			assertThat(output).contains("Connection 'sandbox' authorized: data centre us, accounts server "
					+ sandbox.baseUrl() + ", API domain " + sandbox.baseUrl());
			assertThat(checked).isZero();
			assertThat(output).contains("Connection 'sandbox' works.")
				.contains("Patricia Boyle <patricia.boyle0@zylker.com>")
				.contains("CEO / Administrator")
				.contains("ZohoCRM.users.READ ZohoCRM.org.READ");
			assertThat(ran).isZero();
			assertThat(output).contains("12 users read");
			// one token request in all: the code exchange; check and run reused its
			// access token
			assertThat(sandbox.tokenRequests()).isEqualTo(1);
			assertThat(deauthorized).isZero();
			assertThat(output).contains("Zoho revoked the refresh token; the stored tokens were deleted.");
			assertThat(checkedAgain).isEqualTo(3);
			assertThat(output).contains("NO_REFRESH_TOKEN: " + MissingRefreshTokenException.SENTENCE);
		}
	}

	@Test
	void aWrongEncryptionKeyIsAConfigurationErrorWhileLocalOnlyDeauthorizeStillWorks() throws Exception {
		// given: tokens stored with the test key
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		List<String> otherKey = List.of("--zoho.secret-key=" + Base64.getEncoder().encodeToString(filled(7)));
		String output;
		int authorized;
		int ran;
		int checked;
		int deauthorized;
		int forgotten;
		try (CapturedConsole console = CapturedConsole.capture()) {
			authorized = cli(List.of("--zoho.secret-key=" + ZohoBatchTest.SECRET_KEY), "authorize", "--connection",
					"test", "--code", "1000.c0de");

			// when
			ran = cli(otherKey, "run", "--connection", "test");
			checked = cli(otherKey, "check", "--connection", "test");
			deauthorized = cli(otherKey, "deauthorize", "--connection", "test");
			forgotten = cli(otherKey, "deauthorize", "--connection", "test", "--local-only");
			output = console.text();
		}

		// then
		assertThat(authorized).as(output).isZero();
		assertThat(ran).isEqualTo(2);
		assertThat(checked).isEqualTo(2);
		assertThat(deauthorized).isEqualTo(2);
		assertThat(output).contains(
				"The stored tokens of connection 'test' cannot be decrypted with the key from " + "zoho.secret-key");
		assertThat(this.jdbc.sql("select exit_code from batch_job_execution").query(String.class).single())
			.isEqualTo("CONFIGURATION");
		assertThat(forgotten).isZero();
		assertThat(output).contains("the stored tokens were deleted; Zoho was not asked");
		assertThat(this.jdbc.sql("select count(*) from zoho_connection_token").query(Long.class).single()).isZero();
	}

	@Test
	void aPlainHttpAccountsUrlOffLoopbackIsAConfigurationErrorBeforeAnythingIsSent() throws Exception {
		// given: a proxy configured without TLS; the host does not even resolve, so a
		// request would fail otherwise
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		List<String> insecure = List.of("--zoho.connections.proxied.client-id=" + ZohoBatchTest.CLIENT_ID,
				"--zoho.connections.proxied.client-secret=" + ZohoBatchTest.CLIENT_SECRET,
				"--zoho.connections.proxied.accounts-url=http://zoho-proxy.invalid:8080");
		String output;
		int authorized;
		int browser;
		int ran;
		try (CapturedConsole console = CapturedConsole.capture()) {
			// when
			authorized = cli(insecure, "authorize", "--connection", "proxied", "--code", "1000.c0de");
			browser = cli(insecure, "authorize", "--connection", "proxied", "--no-browser");
			// and tokens stored while the proxy was trusted
			ZohoFixture.forProcesses(TestDatabase.dataSource())
				.store("proxied", "http://zoho-proxy.invalid:8080", "1000.access.proxied", "1000.refresh.proxied");
			ran = cli(insecure, "run", "--connection", "proxied");
			output = console.text();
		}

		// then
		assertThat(authorized).as(output).isEqualTo(2);
		assertThat(browser).isEqualTo(2);
		assertThat(ran).isEqualTo(2);
		assertThat(output)
			.contains("zoho.connections.proxied.accounts-url 'http://zoho-proxy.invalid:8080' uses plain http")
			.doesNotContain("/oauth/v2/auth?");
		this.zoho.verify(0, com.github.tomakehurst.wiremock.client.WireMock
			.anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
	}

	/**
	 * Runs a command in this JVM against the test database and WireMock, with the given
	 * extra arguments.
	 */
	static int cli(List<String> extra, String... command) {
		List<String> args = new ArrayList<>(Arrays.asList(command));
		boolean ownKey = extra.stream().anyMatch(arg -> arg.startsWith("--zoho.secret-key="));
		JarProcess.infrastructureProperties()
			.stream()
			.filter(arg -> !(ownKey && arg.startsWith("--zoho.secret-key=")))
			.forEach(args::add);
		args.addAll(extra);
		return ZohoUsersBatchCli.execute(args.toArray(String[]::new));
	}

	private static byte[] filled(int value) {
		byte[] bytes = new byte[32];
		Arrays.fill(bytes, (byte) value);
		return bytes;
	}

}
