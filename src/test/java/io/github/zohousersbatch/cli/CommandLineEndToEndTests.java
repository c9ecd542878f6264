package io.github.zohousersbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar driven as a scheduler and an operator drive it: real processes, real
 * exit codes, against WireMock speaking Zoho's format and a real PostgreSQL.
 */
class CommandLineEndToEndTests {

	final WireMockServer zoho = ZohoWireMock.server();

	final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

	@BeforeAll
	static void migrateSchema() throws Exception {
		// any command that starts the application migrates the schema
		assertThat(JarProcess.run("status").exitCode()).isZero();
	}

	@BeforeEach
	void cleanState() {
		this.zoho.resetAll();
		io.github.zohousersbatch.Tables.clean(this.jdbc);
	}

	@Test
	void usageErrorExitsTwoWithoutStartingAnything() throws Exception {
		JarProcess.Result result = JarProcess.raw(JarProcess.javaCommand(List.of("run", "--no-such-option"), false));

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).contains("Unknown option: '--no-such-option'").contains("Usage:");
	}

	@Test
	void helpIsAvailableOnEveryCommand() throws Exception {
		for (String command : List.of("authorize", "run", "restart", "status", "stop", "abandon", "demo", "db", "check",
				"deauthorize", "history", "licences", "export")) {
			JarProcess.Result result = JarProcess.raw(JarProcess.javaCommand(List.of(command, "--help"), false));
			assertThat(result.exitCode()).as(command).isZero();
			assertThat(result.stdout()).as(command).contains("Usage: zoho-users-batch " + command);
		}
	}

	@Test
	void unknownConnectionIsAConfigurationError() throws Exception {
		JarProcess.Result result = JarProcess.run("run", "--connection", "nowhere");

		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.stderr()).contains("Zoho connection 'nowhere' is not configured");
	}

	@Test
	void runWithoutRefreshTokenExitsThree() throws Exception {
		JarProcess.Result result = JarProcess.run("run", "--connection", "test");

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains(MissingRefreshTokenException.SENTENCE);
		assertThat(result.stderr()).doesNotContain("\tat ");
		assertThat(this.jdbc.sql("select exit_code from batch_job_execution").query(String.class).single())
			.isEqualTo("NO_REFRESH_TOKEN");
	}

	@Test
	void authorizeWithoutRefreshTokenInTheResponseExitsThree() throws Exception {
		this.zoho.stubFor(post("/oauth/v2/token")
			.willReturn(ZohoWireMock.json("token-authorization-code-without-refresh-token.json")));

		JarProcess.Result result = JarProcess.run("authorize", "--connection", "test", "--code", "1000.a1b2c3");

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).contains(MissingRefreshTokenException.SENTENCE).contains("Connected Apps");
		assertThat(this.jdbc.sql("select count(*) from zoho_connection_token").query(Long.class).single()).isZero();
	}

	@Test
	void authorizeRunFailRestartThroughTheLauncherScript() throws Exception {
		// authorize with a grant code
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		JarProcess.Result authorized = launcher("authorize", "--connection", "test", "--code", "1000.c0de");
		assertThat(authorized.exitCode()).isZero();
		this.zoho.verify(postRequestedFor(urlPathEqualTo("/oauth/v2/token"))
			.withFormParam("grant_type", equalTo("authorization_code"))
			.withFormParam("code", equalTo("1000.c0de")));

		// run: page 3 fails
		stubPage(1, ZohoWireMock.json("users-page-1.json"));
		stubPage(2, ZohoWireMock.json("users-page-2.json"));
		stubPage(3, ZohoWireMock.json(503, "error-internal.json"));
		stubPage(4, ZohoWireMock.json("users-page-4.json"));
		JarProcess.Result failed = launcher("run", "--connection", "test");
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.output()).contains("Users page 3").contains("HTTP 503");
		assertThat(failed.stderr()).doesNotContain("\tat ");
		long executionId = this.jdbc.sql("select max(job_execution_id) from batch_job_execution")
			.query(Long.class)
			.single();

		// status shows it
		JarProcess.Result status = launcher("status", "--connection", "test");
		assertThat(status.exitCode()).isZero();
		assertThat(status.stdout()).contains(String.valueOf(executionId)).contains("FAILED").contains("Users page 3");

		// restart: reads page 2 once more to check that Zoho's list still lines up, then
		// resumes at page 3
		this.zoho.resetRequests();
		stubPage(3, ZohoWireMock.json("users-page-3.json"));
		JarProcess.Result restarted = launcher("restart", String.valueOf(executionId));
		assertThat(restarted.exitCode()).isZero();
		assertThat(restarted.stdout()).contains("COMPLETED");
		this.zoho.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.zoho.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		this.zoho.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3")));
		assertThat(this.jdbc.sql("select count(*) from zoho_active_users").query(Long.class).single()).isEqualTo(10L);

		// nothing left to restart
		JarProcess.Result again = launcher("restart", "--last-failed", "--connection", "test");
		assertThat(again.exitCode()).isZero();
		assertThat(again.stdout()).contains("Nothing to restart");
	}

	@Test
	void demoRunsOnTheEmbeddedDatabaseByItselfAndExitsZero() throws Exception {
		Path home = Files.createTempDirectory("zoho-demo");
		List<String> command = JarProcess.javaCommand(List.of("--zoho.embedded-db.data-dir=" + home.resolve("pg"),
				"--zoho.embedded-db.port=" + TestDatabase.freePort(), "--zoho.secret-key-file=" + home.resolve("key")),
				false);

		JarProcess.Result result = JarProcess.raw(command);

		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.stdout()).contains("COMPLETED").contains("450 users read").contains("zoho_active_users");
		assertThat(result.stderr()).contains("Embedded PostgreSQL at jdbc:postgresql://localhost:");
		assertThat(home.resolve("pg").resolve("PG_VERSION")).exists();
	}

	@Test
	void browserAuthorizationWithThePackagedLoggingLeaksNothingAtTrace() throws Exception {
		// given
		this.zoho.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-authorization-code.json")));
		String callback = "http://localhost:" + TestDatabase.freePort() + "/oauth/callback";
		String code = "1000.e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2.e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2";
		Path stderr = Files.createTempFile("zoho-err", ".txt");
		ProcessBuilder builder = new ProcessBuilder(JarProcess
			.javaCommand(List.of("authorize", "--connection", "test", "--no-browser", "--debug",
					"--logging.level.reactor.netty=TRACE", "--logging.level.org.springframework.web=TRACE",
					"--logging.level.com.sun.net.httpserver=TRACE", "--zoho.connections.test.redirect-uri=" + callback),
					true))
			.redirectError(stderr.toFile());
		builder.environment().putAll(JarProcess.launcherEnvironment());
		Process process = builder.start();
		try {
			StringBuffer stdout = new StringBuffer();
			CompletableFuture<String> consent = new CompletableFuture<>();
			Thread reader = new Thread(() -> readLines(process, stdout, consent), "jar-stdout");
			reader.start();

			// when: the consent address is printed, the browser comes back with Zoho's
			// redirect
			String address = consent.get(3, TimeUnit.MINUTES);
			assertThat(address).as(stdout::toString).startsWith(ZohoWireMock.baseUrl() + "/oauth/v2/auth?");
			String state = address.substring(address.indexOf("&state=") + "&state=".length());
			HttpResponse<String> page = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create(callback + "?code=" + code + "&location=us&accounts-server="
							+ URLEncoder.encode(ZohoWireMock.baseUrl(), StandardCharsets.UTF_8) + "&state=" + state))
					.timeout(Duration.ofMinutes(1))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
			reader.join(Duration.ofMinutes(1).toMillis());

			// then
			String output = stdout + Files.readString(stderr, StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(output).isZero();
			assertThat(page.body()).contains("is authorized");
			assertThat(output).contains("TRACE").contains("Connection 'test' authorized");
			for (String secret : List.of(code, "e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2", ZohoBatchTest.CLIENT_SECRET,
					"86a03ca5dbfccb7445b1889b8215efb0", "2370ff00bbc0cd4cab7b5fe2a4a2cba1")) {
				assertThat(output).doesNotContain(secret);
			}
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static void readLines(Process process, StringBuffer stdout, CompletableFuture<String> consent) {
		try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				stdout.append(line).append('\n');
				if (line.trim().startsWith("http") && line.contains("/oauth/v2/auth?")) {
					consent.complete(line.trim());
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
		consent.complete("(no consent address printed)");
	}

	private JarProcess.Result launcher(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("sh", "jobs/zoho-users-batch"));
		command.addAll(List.of(args));
		command.addAll(JarProcess.infrastructureProperties());
		return JarProcess.raw(command);
	}

	private void stubPage(int page, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.zoho.stubFor(get(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo(String.valueOf(page)))
			.willReturn(response));
	}

}
