package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.zohousersbatch.TestDatabase;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar driven as a scheduler and an operator drive it: real processes, real exit codes, against
 * WireMock speaking Zoho's format and a real PostgreSQL.
 */
class CommandLineEndToEndTests {

	final WireMockServer zoho = ZohoWireMock.server();

	final JdbcClient jdbc = JdbcClient.create(dataSource());

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
		for (String command : List.of("authorize", "run", "restart", "status", "stop", "abandon", "demo", "db")) {
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
		long executionId = this.jdbc.sql("select max(job_execution_id) from batch_job_execution").query(Long.class).single();

		// status shows it
		JarProcess.Result status = launcher("status", "--connection", "test");
		assertThat(status.exitCode()).isZero();
		assertThat(status.stdout()).contains(String.valueOf(executionId)).contains("FAILED").contains("Users page 3");

		// restart: resumes at page 3
		this.zoho.resetRequests();
		stubPage(3, ZohoWireMock.json("users-page-3.json"));
		JarProcess.Result restarted = launcher("restart", String.valueOf(executionId));
		assertThat(restarted.exitCode()).isZero();
		assertThat(restarted.stdout()).contains("COMPLETED");
		this.zoho.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.zoho.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
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

	private static PGSimpleDataSource dataSource() {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(TestDatabase.url());
		dataSource.setUser(TestDatabase.user());
		return dataSource;
	}

}
