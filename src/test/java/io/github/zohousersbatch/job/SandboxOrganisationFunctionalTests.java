package io.github.zohousersbatch.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.TokenStore;
import io.github.zohousersbatch.sandbox.ZohoSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job against the sandbox organisation made to behave as real organisations and
 * networks do beyond the happy path: connections dropped in the middle of a page, an
 * organisation on trial whose edition has no licence counts; and a connection for one
 * Zoho environment given the token of another.
 */
@ZohoBatchTest
class SandboxOrganisationFunctionalTests {

	// 8 pages of 5 (the tests' page size)
	static final int USERS = 40;

	static final ZohoSandbox ZOHO = ZohoSandbox.start(USERS, Duration.ZERO);

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	TokenStore tokenStore;

	@DynamicPropertySource
	static void sandboxConnection(DynamicPropertyRegistry registry) {
		registry.add("zoho.connections.sandbox.client-id", ZOHO::clientId);
		registry.add("zoho.connections.sandbox.client-secret", ZOHO::clientSecret);
		registry.add("zoho.connections.sandbox.accounts-url", ZOHO::baseUrl);
		// a connection for Zoho's production organisation
		registry.add("zoho.connections.live.client-id", ZOHO::clientId);
		registry.add("zoho.connections.live.client-secret", ZOHO::clientSecret);
		registry.add("zoho.connections.live.environment", () -> "production");
	}

	@AfterEach
	void paidAndWhole() {
		ZOHO.controls().trial(null).userLicencesFeature(true).dropConnectionMidBody(0);
	}

	@AfterAll
	static void stopSandbox() {
		ZOHO.close();
	}

	@Test
	void pagesWhoseConnectionIsDroppedMidBodyAreAskedAgainAndTheRunCompletes(CapturedOutput output) throws Exception {
		// given: a load balancer drops the next three pages half-way through their body
		authorize();
		int before = ZOHO.usersRequests();
		ZOHO.controls().dropConnectionMidBody(3);

		// when
		JobExecution execution = this.jobRuns.run("sandbox");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ZOHO.usersRequests() - before).isEqualTo(USERS / 5 + 3);
		assertThat(output).contains("broke while the answer was read");
		assertThat(this.fixture.activeIds("sandbox")).hasSize((int) ZOHO.users().activeCount());
	}

	@Test
	void aTrialOrganisationWithoutLicenceCountsIsReadAtItsTrialEditionsLimitWithoutWarning(CapturedOutput output)
			throws Exception {
		// given: an Enterprise trial (paid_type free) whose edition answers 204 for
		// the user licences feature
		authorize();
		ZOHO.controls().trial("enterprise").userLicencesFeature(false);

		// when
		JobExecution execution = this.jobRuns.run("sandbox");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("edition free (trial: enterprise), at most 20 concurrent calls")
			.contains("the organisation's edition has no user licence counts (Zoho answered 204)")
			.doesNotContain("WARN");
		assertThat(this.fixture.jdbc()
			.sql("select paid_type, trial_type, counts_in_edition from zoho_licence_usage where connection_name = ?")
			.param("sandbox")
			.query()
			.singleRow()).containsEntry("paid_type", "free")
			.containsEntry("trial_type", "enterprise")
			.containsEntry("counts_in_edition", false);
	}

	@Test
	void aConnectionForProductionRefusesATokenOfTheSandboxOrganisationBeforeAnyCall() throws Exception {
		// given: the tokens were issued for the sandbox organisation of the US data
		// centre
		this.tokenStore.saveAuthorization(new ConnectionToken("live", "us", "https://accounts.zoho.com",
				"https://sandbox.zohoapis.com", ZohoFixture.REFRESH_TOKEN, ZohoFixture.ACCESS_TOKEN,
				Instant.now().plus(1, ChronoUnit.HOURS), ZohoSandbox.SCOPE, Instant.now(), null));

		// when
		JobExecution execution = this.jobRuns.run("live");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("CONFIGURATION");
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("Connection 'live' is configured for the production environment")
			.contains("its token belongs to the sandbox organisation at https://sandbox.zohoapis.com")
			.doesNotContain(ZohoFixture.ACCESS_TOKEN);
	}

	// a grant code exchanged at the sandbox, as authorize does
	private void authorize() throws Exception {
		String form = "grant_type=authorization_code&client_id=" + ZOHO.clientId() + "&client_secret="
				+ ZOHO.clientSecret() + "&code=" + ZOHO.issueGrantCode();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(ZOHO.baseUrl() + "/oauth/v2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode body = JsonMapper.builder().build().readTree(response.body());
		this.fixture.store("sandbox", ZOHO.baseUrl(), body.path("access_token").asString(),
				body.path("refresh_token").asString());
	}

}
