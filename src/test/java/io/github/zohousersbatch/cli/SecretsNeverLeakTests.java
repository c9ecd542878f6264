package io.github.zohousersbatch.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.github.zohousersbatch.DatabaseDump;
import io.github.zohousersbatch.Tables;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command that touches a secret, run in-process at DEBUG and TRACE (our code,
 * Spring's HTTP codecs, Reactor Netty, the JDK's HTTP server, JDBC), with known secret
 * values: none of them may appear in anything printed or logged, nor in any row of any
 * table (job parameters and execution contexts included).
 */
class SecretsNeverLeakTests {

	static final String GRANT_CODE = "1000.9e1d2c3b4a5f60718293a4b5c6d7e8f9.0a1b2c3d4e5f60718293a4b5c6d7e8f9";

	static final String BROWSER_GRANT_CODE = "1000.77aa88bb99cc00dd11ee22ff33aa44bb.55cc66dd77ee88ff99aa00bb11cc22dd";

	// sent with a wrong state, as a web page could make the browser send it
	static final String FORGED_GRANT_CODE = "1000.66ff55ee44dd33cc22bb11aa00ff99ee.88dd77cc66bb55aa44ff33ee22dd11cc";

	// the refresh token of the Self Client authorization, replaced (and its revocation
	// failing) by the browser's
	static final String REPLACED_REFRESH_TOKEN = "1000.7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e.8f0b2d4a6c8e0f2b4d6a8c0e2f4b6d8a";

	static final List<String> VERBOSE = List.of("--debug", "--logging.level.reactor.netty=TRACE",
			"--logging.level.org.springframework.web=TRACE", "--logging.level.org.springframework.http=TRACE",
			"--logging.level.com.sun.net.httpserver=TRACE", "--logging.level.org.springframework.jdbc=TRACE",
			"--logging.level.org.springframework.batch=DEBUG", "--spring.codec.log-request-details=true");

	static final String CALLBACK_URI = "http://localhost:" + TestDatabase.freePortOrFail() + "/oauth/callback";

	final WireMockServer zoho = ZohoWireMock.server();

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	@AfterAll
	static void quietLogging() {
		LoggingSystem logging = LoggingSystem.get(SecretsNeverLeakTests.class.getClassLoader());
		for (String arg : VERBOSE) {
			if (arg.startsWith("--logging.level.")) {
				logging.setLogLevel(arg.substring("--logging.level.".length(), arg.indexOf('=')), null);
			}
		}
		logging.setLogLevel("io.github.zohousersbatch", null);
	}

	@Test
	void noSecretInAnyOutputOrRowWhateverTheLogLevel() throws Exception {
		// given: Zoho answers with known tokens
		try (CapturedConsole migrating = CapturedConsole.capture()) {
			OAuthCommandsTests.cli(List.of(), "status");
		}
		Tables.clean(this.jdbc);
		this.zoho.resetAll();
		this.zoho.stubFor(post("/oauth/v2/token")
			.withRequestBody(
					com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=authorization_code"))
			.willReturn(ZohoWireMock.json("token-authorization-code.json")));
		this.zoho.stubFor(post("/oauth/v2/token")
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("grant_type=refresh_token"))
			.willReturn(ZohoWireMock.json("token-refresh.json")));
		this.zoho.stubFor(post("/oauth/v2/token")
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("code=" + GRANT_CODE))
			.willReturn(ZohoWireMock.json("token-authorization-code-second-client.json")));
		this.zoho.stubFor(post("/oauth/v2/token/revoke").willReturn(ZohoWireMock.json("revoke-success.json")));
		this.zoho.stubFor(post("/oauth/v2/token/revoke")
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock
				.containing(URLEncoder.encode(REPLACED_REFRESH_TOKEN, StandardCharsets.UTF_8)))
			.willReturn(ZohoWireMock.json(500, "error-internal.json")));
		this.zoho.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("CurrentUser"))
			.willReturn(ZohoWireMock.json("users-current-user.json")));
		stubPage(1, ZohoWireMock.json("users-page-1.json"));
		stubPage(2, ZohoWireMock.json("users-page-2.json"));
		stubPage(3, ZohoWireMock.json(503, "error-internal.json"));
		stubPage(4, ZohoWireMock.json("users-page-4.json"));
		Map<String, Integer> exitCodes = new LinkedHashMap<>();
		String rowsWhileAuthorized;
		String output;

		// when
		try (CapturedConsole console = CapturedConsole.capture()) {
			exitCodes.put("authorize --code", command("authorize", "--connection", "test", "--code", GRANT_CODE));
			exitCodes.put("authorize (browser)", authorizeThroughTheBrowser(console));
			this.jdbc.sql("update zoho_connection_token set access_token_expires_at = now() - interval '1 minute'")
				.update();
			exitCodes.put("run", command("run", "--connection", "test"));
			stubPage(3, ZohoWireMock.json("users-page-3.json"));
			exitCodes.put("restart", command("restart", "--last-failed", "--connection", "test"));
			exitCodes.put("status", command("status"));
			exitCodes.put("check", command("check", "--connection", "test"));
			rowsWhileAuthorized = DatabaseDump.rows(this.jdbc);
			exitCodes.put("deauthorize", command("deauthorize", "--connection", "test"));
			exitCodes.put("authorize --code, again",
					command("authorize", "--connection", "test", "--code", GRANT_CODE));
			this.jdbc
				.sql("update zoho_connection_token set accounts_server = 'http://127.0.0.1:9', "
						+ "access_token_expires_at = now() - interval '1 minute'")
				.update();
			exitCodes.put("run (tampered)", command("run", "--connection", "test"));
			exitCodes.put("check (tampered)", command("check", "--connection", "test"));
			output = console.text();
		}
		String rowsAfterwards = DatabaseDump.rows(this.jdbc);

		// then: every command did its work, at the verbosity asked for
		assertThat(exitCodes).as(output)
			.containsEntry("authorize --code", 0)
			.containsEntry("authorize (browser)", 0)
			.containsEntry("run", 1)
			.containsEntry("restart", 0)
			.containsEntry("status", 0)
			.containsEntry("check", 0)
			.containsEntry("deauthorize", 0)
			.containsEntry("authorize --code, again", 0)
			.containsEntry("run (tampered)", 2)
			.containsEntry("check (tampered)", 2);
		assertThat(output).contains("Ignored a request to " + CALLBACK_URI)
			.contains("Could not revoke the refresh token of connection 'test'")
			.contains("The accounts server 'http://127.0.0.1:9' stored for connection 'test' is neither");
		assertThat(output).contains("DEBUG").contains("TRACE").contains("Writing form fields");
		assertThat(rowsWhileAuthorized).contains("v2:")
			.contains("batch_job_execution_context")
			.contains("batch_step_execution_context");
		// and no secret anywhere
		for (Map.Entry<String, String> secret : secrets().entrySet()) {
			assertThat(output).as("output, " + secret.getKey()).doesNotContain(secret.getValue());
			assertThat(rowsWhileAuthorized).as("rows, " + secret.getKey()).doesNotContain(secret.getValue());
			assertThat(rowsAfterwards).as("rows afterwards, " + secret.getKey()).doesNotContain(secret.getValue());
		}
	}

	private int authorizeThroughTheBrowser(CapturedConsole console) throws Exception {
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			CompletableFuture<String> consent = console
				.match(Pattern.compile(Pattern.quote(ZohoWireMock.baseUrl()) + "/oauth/v2/auth\\?\\S+"));
			CompletableFuture<Integer> authorize = CompletableFuture
				.supplyAsync(() -> command("authorize", "--connection", "test", "--no-browser"), executor);
			CompletableFuture.anyOf(consent, authorize).get(2, TimeUnit.MINUTES);
			String query = URI.create(consent.getNow("http://none/?state=none")).getRawQuery();
			String state = query.substring(query.indexOf("&state=") + "&state=".length());
			HttpClient browser = HttpClient.newHttpClient();
			browser
				.send(HttpRequest.newBuilder(URI.create(CALLBACK_URI + "?code=" + FORGED_GRANT_CODE + "&state=forged"))
					.timeout(Duration.ofSeconds(30))
					.build(), HttpResponse.BodyHandlers.ofString());
			browser.send(HttpRequest
				.newBuilder(URI.create(CALLBACK_URI + "?code=" + BROWSER_GRANT_CODE + "&location=us&accounts-server="
						+ URLEncoder.encode(ZohoWireMock.baseUrl(), StandardCharsets.UTF_8) + "&state=" + state))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
			return authorize.get(2, TimeUnit.MINUTES);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int command(String... command) {
		List<String> extra = new ArrayList<>(VERBOSE);
		extra.add("--zoho.connections.test.redirect-uri=" + CALLBACK_URI);
		return OAuthCommandsTests.cli(extra, command);
	}

	private static Map<String, String> secrets() {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("client secret", ZohoBatchTest.CLIENT_SECRET);
		secrets.put("grant code", GRANT_CODE);
		secrets.put("browser grant code", BROWSER_GRANT_CODE);
		secrets.put("forged grant code", FORGED_GRANT_CODE);
		secrets.put("replaced refresh token", REPLACED_REFRESH_TOKEN);
		secrets.put("replaced refresh token part", "7e9a1c3e5b7d9f1a3c5e7b9d1f3a5c7e");
		secrets.put("second access token", "1000.3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b.4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c");
		secrets.put("forged grant code part", "66ff55ee44dd33cc22bb11aa00ff99ee");
		secrets.put("refresh token", "1000.86a03ca5dbfccb7445b1889b8215efb0.cad9e1ae4989a1196fe05aa729fcb4e1");
		secrets.put("access token", "1000.2370ff00bbc0cd4cab7b5fe2a4a2cba1.9b3b6e5a52d6d0b0d1a4a3f5d8c2e7f1");
		secrets.put("refreshed access token", "1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f");
		// the middle part alone: a truncated log line must not show it either
		secrets.put("refresh token part", "86a03ca5dbfccb7445b1889b8215efb0");
		secrets.put("access token part", "2370ff00bbc0cd4cab7b5fe2a4a2cba1");
		secrets.put("refreshed access token part", "5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2");
		secrets.put("grant code part", "9e1d2c3b4a5f60718293a4b5c6d7e8f9");
		secrets.put("browser grant code part", "77aa88bb99cc00dd11ee22ff33aa44bb");
		if (!TestDatabase.password().isEmpty()) {
			// the embedded test server's superuser password, given to every command
			secrets.put("database password", TestDatabase.password());
		}
		return secrets;
	}

	private void stubPage(int page, ResponseDefinitionBuilder response) {
		this.zoho.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("AllUsers"))
			.withQueryParam("page", equalTo(String.valueOf(page)))
			.willReturn(response));
	}

}
