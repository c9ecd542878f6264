package io.github.zohousersbatch.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each run leaves its metrics in a Prometheus text file for node-exporter's textfile
 * collector.
 */
@ZohoBatchTest
@TestPropertySource(properties = "zoho.metrics.textfile=target/metrics-test/zoho_users_batch_{connection}.prom")
class MetricsTextFileFunctionalTests {

	static final Path FILE = Path.of("target/metrics-test/zoho_users_batch_test.prom");

	@Autowired
	ZohoFixture fixture;

	@BeforeEach
	void authorizedWithAllPages() throws Exception {
		Files.deleteIfExists(FILE);
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		for (int page = 1; page <= 4; page++) {
			this.fixture.stubPage(page, ZohoWireMock.json("users-page-" + page + ".json"));
		}
	}

	@Test
	void aRunWritesItsCountsDurationOutcomeAndRequests() throws Exception {
		// given: one 503 on page 2, retried
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.inScenario("503")
				.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("recovered"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.inScenario("503")
				.whenScenarioStateIs("recovered")
				.willReturn(ZohoWireMock.json("users-page-2.json")));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		String metrics = Files.readString(FILE);
		String labels = "{connection=\"test\"}";
		assertThat(metrics).contains("zoho_users_batch_users_read" + labels + " 17.0")
			.contains("zoho_users_batch_users_active" + labels + " 10.0")
			.contains("zoho_users_batch_users_filtered" + labels + " 7.0")
			.contains("zoho_users_batch_run_success" + labels + " 1.0")
			.contains("zoho_users_batch_run_execution_id" + labels + " " + execution.getId() + ".0")
			.contains("# HELP zoho_users_batch_run_duration_seconds Duration of the last execution")
			.containsPattern(
					"zoho_users_batch_http_requests_seconds_count\\{connection=\"test\",endpoint=\"users\",outcome=\"503\"\\} [1-9]")
			.containsPattern(
					"zoho_users_batch_http_requests_seconds_count\\{connection=\"test\",endpoint=\"org\",outcome=\"200\"\\} [1-9]")
			.containsPattern("zoho_users_batch_http_retries_total\\{connection=\"test\"\\} [1-9]")
			.containsPattern("zoho_users_batch_pages_total\\{connection=\"test\"\\} [1-9]");
		// Spring Batch's observations, with their standard tags and the connection
		assertThat(metrics)
			.containsPattern("spring_batch_job_seconds_count\\{connection=\"test\",error=\"none\","
					+ "spring_batch_job_name=\"zohoActiveUsersJob\",spring_batch_job_status=\"COMPLETED\"\\} [1-9]")
			.containsPattern("spring_batch_step_seconds_count\\{connection=\"test\",[^}]*spring_batch_step_name=\""
					+ "aggregateUsers\"[^}]*\\} [1-9]")
			.containsPattern("spring_batch_item_read_seconds_count\\{connection=\"test\",[^}]*\\} [1-9]")
			.containsPattern("spring_batch_chunk_write_seconds_count\\{connection=\"test\",[^}]*\\} [1-9]");
		assertThat(execution.getEndTime()).isNotNull();
		assertThat(Instant.now().minus(1, ChronoUnit.MINUTES)).isBefore(Files.getLastModifiedTime(FILE).toInstant());
		// node_exporter's textfile collector runs as another user
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(FILE))).isEqualTo("rw-r--r--");
	}

}
