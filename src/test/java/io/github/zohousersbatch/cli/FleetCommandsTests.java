package io.github.zohousersbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.cli.JarProcess.Result;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleets through the command line in this JVM: two organisations on sandboxes of their
 * own, registered in the database through one client each, and two on WireMock, one whose
 * refresh token Zoho rejects and one whose page 3 fails. One fleet run runs all four; the
 * two that fail do not stop the others; the exit code is the most urgent reason; a
 * restart runs only what did not complete.
 */
@ZohoBatchTest
class FleetCommandsTests {

	@Autowired
	ZohoFixture fixture;

	final JsonMapper json = JsonMapper.builder().build();

	final List<ZohoSandbox> sandboxes = new ArrayList<>();

	@TempDir
	Path directory;

	ZohoSandbox alpha;

	ZohoSandbox beta;

	@BeforeEach
	void fourOrganisations() {
		this.alpha = sandbox(40);
		this.beta = sandbox(25);
		assertThat(cli("authorize", "--connection", "alpha", "--client", "alpha-client", "--code",
				this.alpha.issueGrantCode())
			.exitCode()).isZero();
		assertThat(cli("authorize", "--connection", "beta", "--client", "beta-client", "--data-center", "us", "--code",
				this.beta.issueGrantCode())
			.exitCode()).isZero();
		// test: an access token that expired, and a refresh Zoho refuses
		this.fixture.authorized("test", Instant.now().minusSeconds(60));
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-error-invalid-client.json")));
		// other: page 3 fails
		this.fixture.authorized("other");
		this.fixture.stubPages("users-page-");
		this.fixture.stubPage(3, ZohoWireMock.json(400, "error-internal.json"));
	}

	@AfterEach
	void stopSandboxes() {
		this.sandboxes.forEach(ZohoSandbox::close);
	}

	@Test
	void oneFleetRunRunsEveryConnectionAndReportsTheMostUrgentReason() throws Exception {
		// given
		Path summary = this.directory.resolve("fleet.json");

		// when
		Result run = cli("run", "--all", "--summary-file", summary.toString());

		// then: the two sandboxes completed despite the others
		assertThat(run.exitCode()).as(run.output()).isEqualTo(4);
		assertThat(this.fixture.activeIds("alpha")).hasSize((int) this.alpha.users().activeCount());
		assertThat(this.fixture.activeIds("beta")).hasSize((int) this.beta.users().activeCount());
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.activeIds("other")).isEmpty();
		assertThat(run.stdout()).containsPattern("alpha +\\d+ +COMPLETED +0 +40 ")
			.containsPattern("other +\\d+ +FAILED +1 +10 .*restart it")
			.containsPattern("test +\\d+ +TOKEN_REJECTED +4 .*client-id")
			.contains("2 of 4 connections completed; exit 4 TOKEN_REJECTED");
		JsonNode report = this.json.readTree(summary.toFile());
		assertThat(report.get("fleet").asBoolean()).isTrue();
		assertThat(report.get("exitCode").asInt()).isEqualTo(4);
		assertThat(report.get("batchExitCode").asString()).isEqualTo("TOKEN_REJECTED");
		assertThat(report.get("message").asString())
			.startsWith("2 of 4 connections did not complete: other (FAILED), test (TOKEN_REJECTED)");
		assertThat(report.get("connections")).extracting(node -> node.get("connection").asString())
			.containsExactly("alpha", "beta", "other", "test");
		JsonNode other = report.get("connections").get(2);
		assertThat(other.get("outcome").asString()).isEqualTo("FAILED");
		assertThat(other.get("execution").get("read").asLong()).isEqualTo(10);
		assertThat(other.get("message").asString())
			.isEqualTo("aggregateUsers: Users page 3: Zoho answered HTTP 400 INTERNAL_ERROR (Internal Server Error)");

		// and status of the fleet execution says the same
		long fleetId = report.get("executionId").asLong();
		Result status = cli("status", String.valueOf(fleetId), "--format", "json");
		assertThat(this.json.readTree(status.stdout()).get("connectionsCompleted").asLong()).isEqualTo(2);
		assertThat(cli("status", "--fleet").stdout()).containsPattern(fleetId + " .* FAILED +4 TOKEN_REJECTED +4 +2 ");

		// and each connection that completed, only those, handed a file over to Snow
		assertThat(snowFiles("alpha")).hasSize(1);
		assertThat(snowFiles("beta")).hasSize(1);
		assertThat(snowFiles("other")).isEmpty();
		assertThat(snowFiles("test")).isEmpty();
	}

	@Test
	void aRestartOfTheFleetRunsOnlyTheConnectionsThatDidNotComplete() throws Exception {
		// given: the failed fleet run, then the causes fixed
		assertThat(cli("run", "--all").exitCode()).isEqualTo(4);
		int alphaRequests = this.alpha.usersRequests();
		int betaRequests = this.beta.usersRequests();
		this.fixture.zoho().resetAll();
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");

		// when
		Result restart = cli("restart", "--last-failed", "--all");

		// then
		assertThat(restart.exitCode()).as(restart.output()).isZero();
		assertThat(restart.stdout()).contains("4 of 4 connections completed");
		assertThat(this.alpha.usersRequests()).isEqualTo(alphaRequests);
		assertThat(this.beta.usersRequests()).isEqualTo(betaRequests);
		assertThat(this.fixture.activeIds("test")).isEqualTo(ZohoFixture.ACTIVE_IDS);
		assertThat(this.fixture.activeIds("other")).isEqualTo(ZohoFixture.ACTIVE_IDS);
		// each connection has one run (job instance): the fleet's, resumed
		assertThat(this.fixture.jdbc()
			.sql("select connection_name, count(*) from zoho_aggregation_run group by connection_name")
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list())
			.containsOnly(Map.entry("alpha", 1L), Map.entry("beta", 1L), Map.entry("test", 1L), Map.entry("other", 1L));
		// and nothing is left to restart
		assertThat(cli("restart", "--last-failed", "--all").stdout()).contains("Nothing to restart");
	}

	@Test
	void connectionsListsThemAndADisabledOneIsLeftOutOfFleetRuns() throws Exception {
		// when
		Result disable = cli("connections", "disable", "test");
		Result list = cli("connections", "--format", "json");

		// then
		assertThat(disable.exitCode()).isZero();
		JsonNode connections = this.json.readTree(list.stdout());
		assertThat(connections).extracting(node -> node.get("name").asString())
			.containsExactly("alpha", "beta", "other", "test");
		JsonNode alpha = connections.get(0);
		assertThat(alpha.get("source").asString()).isEqualTo("database");
		assertThat(alpha.get("client").asString()).isEqualTo("alpha-client");
		assertThat(alpha.get("dataCenter").asString()).isEqualTo("us");
		assertThat(alpha.get("authorizedAt").isNull()).isFalse();
		assertThat(alpha.get("enabled").asBoolean()).isTrue();
		assertThat(connections.get(3).get("enabled").asBoolean()).isFalse();

		// when: test (disabled) is left out
		Result run = cli("run", "--all");

		// then
		assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
		assertThat(run.stdout()).contains("2 of 3 connections completed").doesNotContain("test ");
		assertThat(cli("connections").stdout()).containsPattern("alpha +us +alpha-client .* COMPLETED +yes");
		assertThat(cli("connections", "disable", "nobody").exitCode()).isEqualTo(2);
	}

	private ZohoSandbox sandbox(int users) {
		ZohoSandbox sandbox = ZohoSandbox.start(users, Duration.ZERO);
		this.sandboxes.add(sandbox);
		return sandbox;
	}

	private List<Path> snowFiles(String connection) throws IOException {
		Path folder = this.directory.resolve("snow").resolve(connection);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(file -> file.toString().endsWith(".json")).toList();
		}
	}

	// the command with the two sandboxes' clients configured
	private Result cli(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--zoho.clients.alpha-client.client-id=" + this.alpha.clientId(),
				"--zoho.clients.alpha-client.client-secret=" + this.alpha.clientSecret(),
				"--zoho.clients.alpha-client.accounts-url=" + this.alpha.baseUrl(),
				"--zoho.clients.beta-client.client-id=" + this.beta.clientId(),
				"--zoho.clients.beta-client.client-secret=" + this.beta.clientSecret(),
				"--zoho.clients.beta-client.accounts-url=" + this.beta.baseUrl(), "--zoho.fleet.concurrency=2",
				"--zoho.export.snow.folder=" + this.directory.resolve("snow").resolve("{connection}")));
		return JarProcess.inProcess(all.toArray(String[]::new));
	}

}
