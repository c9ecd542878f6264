package io.github.zohousersbatch.job;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a Pushgateway configured, each execution pushes its metrics (ours and Spring
 * Batch's observations) with Spring Boot's Pushgateway support, grouped by job and
 * connection, and by default keeps them there when it ends ({@code shutdown-operation}
 * {@code put}). The Grafana dashboard in {@code jobs/grafana} charts only metrics that a
 * run pushes.
 */
@ZohoBatchTest
class PushgatewayFunctionalTests {

	static final String GROUP = "/metrics/job/zoho-users-batch/connection/test";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	PrometheusMeterRegistry prometheus;

	@DynamicPropertySource
	static void pushgateway(DynamicPropertyRegistry registry) {
		PushgatewayServer.configure(registry);
	}

	@BeforeEach
	void authorizedWithAllPages() throws Exception {
		PushgatewayServer.reset();
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.stubPages("users-page-");
	}

	@Test
	void aRunPushesItsMetricsGroupedByJobAndConnectionAndKeepsThemWhenItEnds() throws Exception {
		// when
		JobExecution execution = this.fixture.run("test");

		// then: the last request replaced the group's metrics with the final ones
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		List<LoggedRequest> requests = PushgatewayServer.requests();
		assertThat(requests).isNotEmpty().allSatisfy(request -> assertThat(request.getUrl()).isEqualTo(GROUP));
		assertThat(requests).noneSatisfy(request -> assertThat(request.getMethod().getName()).isEqualTo("DELETE"));
		LoggedRequest last = requests.stream()
			.filter(request -> request.getMethod().getName().equals("PUT"))
			.reduce((first, second) -> second)
			.orElseThrow();
		String labels = "{connection=\"test\"}";
		assertThat(last.getBodyAsString()).contains("zoho_users_batch_users_read" + labels + " 17.0")
			.contains("zoho_users_batch_users_active" + labels + " 10.0")
			.contains("zoho_users_batch_run_success" + labels + " 1.0")
			.contains("zoho_users_batch_run_execution_id" + labels + " " + execution.getId() + ".0")
			.containsPattern("zoho_users_batch_http_requests_seconds_count\\{connection=\"test\",endpoint=\"users\","
					+ "outcome=\"200\"\\} [1-9]")
			.containsPattern("spring_batch_job_seconds_count\\{connection=\"test\",error=\"none\","
					+ "spring_batch_job_name=\"zohoActiveUsersJob\",spring_batch_job_status=\"COMPLETED\"\\} [1-9]")
			.containsPattern("spring_batch_step_seconds_count\\{connection=\"test\",[^}]*spring_batch_step_name="
					+ "\"reconcileUsers\"[^}]*\\} [1-9]")
			.containsPattern("spring_batch_item_read_seconds_count\\{connection=\"test\",[^}]*\\} [1-9]")
			.containsPattern("spring_batch_chunk_write_seconds_count\\{connection=\"test\",[^}]*\\} [1-9]");
	}

	@Test
	void aFailedRunsObservationsReachTheScrapeAndThePushgateway(CapturedOutput output) throws Exception {
		// given: a completed run registered Spring Batch's meters; then Zoho fails page 3
		this.fixture.run("test");
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then: the failed read is a series of the same meter, with the same tag keys
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		String failedRead = "spring_batch_item_read_seconds_count\\{connection=\"test\",error=\"[^\"]+\","
				+ "spring_batch_item_read_job_name=\"zohoActiveUsersJob\",spring_batch_item_read_status=\"FAILURE\","
				+ "spring_batch_item_read_step_name=\"aggregateUsers\"\\} 1";
		assertThat(this.prometheus.scrape()).containsPattern(failedRead);
		List<LoggedRequest> requests = PushgatewayServer.requests();
		assertThat(requests.get(requests.size() - 1).getBodyAsString()).containsPattern(failedRead)
			.containsPattern("spring_batch_job_seconds_count\\{connection=\"test\",error=\"none\","
					+ "spring_batch_job_name=\"zohoActiveUsersJob\",spring_batch_job_status=\"FAILED\"\\} 1");
		assertThat(output).doesNotContain("registration has failed");
	}

	@Test
	void aPushgatewayThatFailsCostsTheRunNothing() throws Exception {
		// given
		PushgatewayServer.server()
			.stubFor(any(urlPathMatching("/metrics/job/.*")).willReturn(aResponse().withStatus(500)));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(PushgatewayServer.requests()).isNotEmpty();
	}

	@Test
	void everyQueryOfTheDashboardNamesAMetricThatARunPushes() throws Exception {
		// given: a run with a retried page, as the retries panel needs
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.inScenario("503")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(503))
				.willSetStateTo("recovered"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(2)
				.inScenario("503")
				.whenScenarioStateIs("recovered")
				.willReturn(ZohoWireMock.json("users-page-2.json")));
		this.fixture.run("test");
		List<LoggedRequest> requests = PushgatewayServer.requests();
		Set<String> pushed = DashboardQueries.emitted(requests.get(requests.size() - 1).getBodyAsString());

		// when
		List<String> queries = DashboardQueries.queries();

		// then
		assertThat(queries).hasSizeGreaterThan(10);
		Set<String> named = new TreeSet<>();
		for (String query : queries) {
			Set<String> names = DashboardQueries.metricNames(query);
			assertThat(names).as(query).isNotEmpty();
			assertThat(pushed).as(query).containsAll(names);
			named.addAll(names);
		}
		assertThat(named).contains("spring_batch_job_seconds_count", "zoho_users_batch_http_retries_total",
				"zoho_users_batch_http_requests_seconds_count", "zoho_users_batch_users_read",
				"zoho_users_batch_users_active", "zoho_users_batch_run_success");
	}

	@Test
	void theQueryParserFindsANameThatARunDoesNotPush() {
		assertThat(
				DashboardQueries.metricNames("sum by (connection) (rate(zoho_users_batch_unknown_total{a=\"b\"}[5m]))"))
			.containsExactly("zoho_users_batch_unknown_total");
		assertThat(DashboardQueries.metricNames("label_values(zoho_users_batch_run_success, connection)"))
			.containsExactly("zoho_users_batch_run_success");
	}

}
