package io.github.zohousersbatch.job;

import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits that hold for a whole execution or a whole answer: the retry budget is shared by
 * every step of an execution, and an answer larger than the limit fails at once instead
 * of being asked for again.
 */
@ZohoBatchTest
@TestPropertySource(properties = { "zoho.http.retry.max-retries-per-run=3", "zoho.http.max-answer-size=64KB" })
class HttpLimitsFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@BeforeEach
	void authorizedWithAllPages() {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
	}

	@Test
	void theRetryBudgetIsSharedByTheStepsOfAnExecution() throws Exception {
		// given: the organisation request needs two retries, users page 1 two more; the
		// execution may retry 3 times
		failTwiceThenAnswer("org", () -> get(urlPathEqualTo("/crm/v8/org")), ZohoWireMock.json("org.json"));
		failTwiceThenAnswer("page 1", () -> ZohoFixture.usersPage(1), ZohoWireMock.json("users-page-1.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then: the licence step spent two, so page 1 gets one retry and the run stops
		// there
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription()).contains("Users page 1: gave up after 2 attempt(s)")
			.contains("retry budget of the execution exhausted");
		this.fixture.zoho().verify(3, getRequestedFor(urlPathEqualTo("/crm/v8/org")));
		this.fixture.zoho()
			.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
	}

	@Test
	void anAnswerLargerThanTheLimitFailsAtOnce() throws Exception {
		// given: page 2 is 100 KB, the limit 64 KB
		this.fixture.stubPage(2,
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"users\":[],\"padding\":\"" + "x".repeat(100 * 1024) + "\"}"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("Users page 2: Zoho's answer is larger than 64 KB (zoho.http.max-answer-size)");
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
	}

	private void failTwiceThenAnswer(String scenario, Supplier<MappingBuilder> request,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
		this.fixture.zoho()
			.stubFor(request.get()
				.inScenario(scenario)
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(ZohoWireMock.json(503, "error-internal.json"))
				.willSetStateTo("failed once"));
		this.fixture.zoho()
			.stubFor(request.get()
				.inScenario(scenario)
				.whenScenarioStateIs("failed once")
				.willReturn(ZohoWireMock.json(503, "error-internal.json"))
				.willSetStateTo("failed twice"));
		this.fixture.zoho()
			.stubFor(request.get().inScenario(scenario).whenScenarioStateIs("failed twice").willReturn(answer));
	}

}
