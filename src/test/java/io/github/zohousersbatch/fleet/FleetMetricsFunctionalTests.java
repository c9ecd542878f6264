package io.github.zohousersbatch.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.job.PushgatewayServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connections of a fleet share one process and its meter registry, but each one's
 * metrics text file and Pushgateway group hold its own series alone: one after the other
 * (concurrency 1), so that the second finds the first's meters in the registry.
 */
@ZohoBatchTest
@TestPropertySource(properties = { "zoho.fleet.concurrency=1",
		"zoho.metrics.textfile=target/metrics-fleet/zoho_users_batch_{connection}.prom" })
class FleetMetricsFunctionalTests {

	static final Path FILES = Path.of("target", "metrics-fleet");

	@Autowired
	ZohoFixture fixture;

	@Autowired
	FleetRuns fleets;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void pushgateway(DynamicPropertyRegistry registry) {
		PushgatewayServer.configure(registry);
		registry.add("zoho.connections.other.client-id", () -> ZohoBatchTest.CLIENT_ID);
		registry.add("zoho.connections.other.client-secret", () -> ZohoBatchTest.CLIENT_SECRET);
		registry.add("zoho.connections.other.accounts-url", ZohoWireMock::baseUrl);
	}

	@BeforeEach
	void twoAuthorizedConnections() {
		PushgatewayServer.reset();
		this.fixture.authorized("test");
		this.fixture.authorized("other");
		this.fixture.stubPages("users-page-");
	}

	@Test
	void eachConnectionsFileAndGroupHoldItsOwnSeriesAlone() throws Exception {
		// when
		JobExecution fleet = this.fleets.run(List.of("test", "other"));

		// then
		assertThat(fleet.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (String connection : List.of("test", "other")) {
			String file = Files.readString(FILES.resolve("zoho_users_batch_" + connection + ".prom"));
			assertThat(file).contains("zoho_users_batch_users_read{connection=\"" + connection + "\"}");
			assertThat(samples(file)).allSatisfy(sample -> assertThat(sample).contains(label(connection)));
			List<LoggedRequest> pushes = PushgatewayServer.requests()
				.stream()
				.filter(request -> request.getUrl().endsWith("/connection/" + connection))
				.toList();
			// the push at the start may hold nothing yet; the last holds the run's
			// metrics
			assertThat(pushes).as(connection).isNotEmpty();
			assertThat(pushes.get(pushes.size() - 1).getBodyAsString())
				.contains("zoho_users_batch_users_read" + "{" + label(connection) + "}");
			pushes.forEach(push -> assertThat(samples(push.getBodyAsString()))
				.allSatisfy(sample -> assertThat(sample).contains(label(connection))));
		}
	}

	@Test
	void aHostileConnectionRowIsSkippedAndWritesNothingOutsideTheMetricsDirectory(@TempDir Path elsewhere,
			CapturedOutput output) throws Exception {
		// given: whoever can write the database adds a connection whose name climbs out
		// of the metrics directory onto a file of the account
		Path victim = elsewhere.resolve("authorized_keys.prom");
		Files.writeString(victim, "ssh-ed25519 AAAAC3Nz owner@host\n");
		// as many ".." as take zoho_users_batch_x/ up to the root (a fleet holds names of
		// 80 characters at most)
		String hostile = "x" + "/..".repeat(FILES.toAbsolutePath().getNameCount() + 1)
				+ elsewhere.resolve("authorized_keys");
		this.jdbc
			.sql("insert into zoho_connection (connection_name, data_center, registered_at) values (?, 'us', now())")
			.param(hostile)
			.update();

		// when: run --all
		List<String> enabled = this.fleets.enabledConnections();
		this.fleets.run(enabled);

		// then
		assertThat(victim).hasContent("ssh-ed25519 AAAAC3Nz owner@host\n");
		assertThat(enabled).doesNotContain(hostile).contains("test", "other");
		assertThat(output).contains("Connection 'x/../../")
			.contains("of zoho_connection skipped: a connection name is "
					+ "1 to 64 letters (A-Z, a-z), digits, '_' or '-'; delete or rename the row");
		assertThat(FILES.resolve("zoho_users_batch_test.prom")).exists();
	}

	private static List<String> samples(String text) {
		return text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
	}

	private static String label(String connection) {
		return "connection=\"" + connection + "\"";
	}

}
