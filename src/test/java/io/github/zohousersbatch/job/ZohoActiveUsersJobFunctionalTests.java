package io.github.zohousersbatch.job;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.auth.ConnectionToken;
import io.github.zohousersbatch.auth.MissingRefreshTokenException;
import io.github.zohousersbatch.auth.TokenStore;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job end to end against WireMock speaking Zoho's format and a real PostgreSQL.
 */
@ZohoBatchTest
class ZohoActiveUsersJobFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	TokenStore tokenStore;

	@Autowired
	ConnectionLock locks;

	@Test
	void runReadsEveryPageAndKeepsOnlyActiveUsers() throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		for (int page = 1; page <= 4; page++) {
			this.fixture.zoho()
				.verify(1,
						getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("type", equalTo("AllUsers"))
							.withQueryParam("page", equalTo(String.valueOf(page)))
							.withQueryParam("per_page", equalTo("5"))
							.withHeader("Authorization", equalTo("Zoho-oauthtoken " + ZohoFixture.ACCESS_TOKEN)));
		}
		this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo("/oauth/v2/token")));
		Map<String, Object> run = this.fixture.jdbc().sql("select * from zoho_aggregation_run").query().singleRow();
		assertThat(run).containsEntry("connection_name", "test")
			.containsEntry("users_read", 17L)
			.containsEntry("users_active", 10L)
			.containsEntry("users_filtered", 7L)
			.containsEntry("users_deactivated", 0L)
			.containsEntry("last_execution_id", execution.getId());
		Map<String, Object> patricia = this.fixture.jdbc()
			.sql("select * from zoho_user_aggregation where zoho_user_id = ?")
			.param("4150868000000225013")
			.query()
			.singleRow();
		assertThat(patricia).containsEntry("email", "patricia.boyle@zylker.com")
			.containsEntry("full_name", "Patricia Boyle")
			.containsEntry("role_name", "CEO")
			.containsEntry("profile_id", "4150868000000026011")
			.containsEntry("profile_name", "Administrator")
			.containsEntry("time_zone", "Asia/Calcutta")
			.containsEntry("confirmed", true)
			.containsEntry("active", true);
		String amelia = this.fixture.jdbc()
			.sql("select time_zone from zoho_user_aggregation where zoho_user_id = ?")
			.param("4150868000000229013")
			.query(String.class)
			.single();
		assertThat(amelia).isEqualTo("Europe/Paris");
	}

	@Test
	void storedTimesKeepTheInstantZohoSent() throws Exception {
		// given
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");

		// when
		this.jobRuns.run("test");

		// then: 2019-08-10T11:21:16+05:30 is 05:51:16 UTC
		Instant created = this.fixture.jdbc()
			.sql("select zoho_created_time from zoho_user_aggregation where zoho_user_id = ?")
			.param("4150868000000225013")
			.query(java.time.OffsetDateTime.class)
			.single()
			.toInstant();
		assertThat(created).isEqualTo(Instant.parse("2019-08-10T05:51:16Z"));
	}

	@Test
	void expiredAccessTokenIsRefreshedOnceAndStored() throws Exception {
		// given
		this.fixture.authorized("test", Instant.now().plus(2, ChronoUnit.MINUTES));
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		this.fixture.stubPages("users-page-");

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1,
					postRequestedFor(urlPathEqualTo("/oauth/v2/token"))
						.withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
						.withFormParam("grant_type", equalTo("refresh_token"))
						.withFormParam("refresh_token", equalTo(ZohoFixture.REFRESH_TOKEN))
						.withFormParam("client_id", equalTo(ZohoBatchTest.CLIENT_ID))
						.withFormParam("client_secret", equalTo(ZohoBatchTest.CLIENT_SECRET)));
		for (int page = 1; page <= 4; page++) {
			this.fixture.zoho()
				.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users"))
					.withQueryParam("page", equalTo(String.valueOf(page)))
					.withHeader("Authorization", equalTo("Zoho-oauthtoken " + ZohoFixture.REFRESHED_ACCESS_TOKEN)));
		}
		ConnectionToken stored = this.tokenStore.find("test").orElseThrow();
		assertThat(stored.accessToken())
			.isEqualTo("1000.5be7a1f3c0d9e2b4a6f8c1d3e5a7b9c2.3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f");
		assertThat(stored.accessTokenExpiresAt()).isAfter(Instant.now().plus(55, ChronoUnit.MINUTES));
		assertThat(stored.refreshedAt()).isNotNull();
	}

	@Test
	void missingRefreshTokenFailsWithItsExitCodeAndRemedyInTheMetadata() throws Exception {
		// given: the connection was never authorized

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		Map<String, Object> row = this.fixture.jdbc()
			.sql("select exit_code, exit_message from batch_job_execution where job_execution_id = ?")
			.param(execution.getId())
			.query()
			.singleRow();
		assertThat(row.get("exit_code")).isEqualTo("NO_REFRESH_TOKEN");
		assertThat((String) row.get("exit_message")).contains(MissingRefreshTokenException.SENTENCE)
			.contains("Active Sessions > Connected Apps")
			.contains("access_type=offline&prompt=consent")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		this.fixture.zoho().verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")));
	}

	@Test
	void invalidCodeOnRefreshFailsWithTokenRejected() throws Exception {
		// given
		this.fixture.authorized("test", Instant.now().minus(1, ChronoUnit.MINUTES));
		this.fixture.zoho()
			.stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-error-invalid-code.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("TOKEN_REJECTED");
		assertThat(execution.getExitStatus().getExitDescription()).contains("invalid_code")
			.contains("authorize the connection again")
			.doesNotContain(ZohoFixture.REFRESH_TOKEN);
		this.fixture.zoho().verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")));
	}

	@Test
	void noContentEndsTheReadEvenWhenMoreRecordsWasPromised() throws Exception {
		// given: page 2 promises more, page 3 answers 204
		this.fixture.authorized("test");
		this.fixture.stubPage(1, ZohoWireMock.json("users-page-1.json"));
		this.fixture.stubPage(2, ZohoWireMock.json("users-page-2.json"));
		this.fixture.stubPage(3, aResponse().withStatus(204));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).hasSize(5);
		for (int page = 1; page <= 3; page++) {
			this.fixture.zoho()
				.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
						equalTo(String.valueOf(page))));
		}
		// without Zoho's count a page is asked for only once the one before promised
		// more:
		// nothing past the 204
		assertThat(this.fixture.zoho().findAll(getRequestedFor(urlPathEqualTo("/crm/v8/users")))).hasSize(3);
	}

	@Test
	void failureOnPageThreeRestartsAtPageThreeAndEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
		// given: page 3 fails with Zoho's 500
		this.fixture.authorized("test");
		this.fixture.stubPage(1, ZohoWireMock.json("users-page-1.json"));
		this.fixture.stubPage(2, ZohoWireMock.json("users-page-2.json"));
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));
		this.fixture.stubPage(4, ZohoWireMock.json("users-page-4.json"));

		JobExecution failed = this.jobRuns.run("test");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(failed.getExitStatus().getExitDescription()).contains("aggregateUsers")
			.contains("Users page 3")
			.contains("HTTP 500")
			.contains("INTERNAL_ERROR");
		// the table reporting tools read is untouched until the run completes; the pages
		// read wait in staging
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
			.isEqualTo(10L);
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isZero();

		// when: Zoho recovers and the operator restarts
		this.fixture.zoho().resetRequests();
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json"));
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstance().getInstanceId()).isEqualTo(failed.getJobInstance().getInstanceId());
		// page 2, the last one committed, is read once more to prove that Zoho's list
		// still lines up
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("4")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		// staging keeps the run's read, once per user, for the Snow hand-off
		assertThat(this.fixture.jdbc()
			.sql("select count(distinct zoho_user_id) filter (where job_instance_id = ?), count(*) "
					+ "from zoho_user_staging")
			.param(restarted.getJobInstance().getInstanceId())
			.query((rs, row) -> List.of(rs.getLong(1), rs.getLong(2)))
			.single()).containsExactly(17L, 17L);
		Map<String, Object> run = this.fixture.jdbc().sql("select * from zoho_aggregation_run").query().singleRow();
		assertThat(run).containsEntry("users_read", 17L)
			.containsEntry("users_active", 10L)
			.containsEntry("users_filtered", 7L)
			.containsEntry("first_execution_id", failed.getId())
			.containsEntry("last_execution_id", restarted.getId());
	}

	@Test
	void secondRunDeactivatesUsersNoLongerActiveAndReactivatesReturningOnes() throws Exception {
		// given: a first complete run
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.jobRuns.run("test");

		// when: Jane (…227013) is disabled, Yuki (…241013) became active
		this.fixture.stubPages("users-later-page-");
		JobExecution second = this.jobRuns.run("test");

		// then
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Object> jane = this.fixture.jdbc()
			.sql("select active, deactivated_at from zoho_user_aggregation where zoho_user_id = ?")
			.param("4150868000000227013")
			.query()
			.singleRow();
		assertThat(jane.get("active")).isEqualTo(false);
		assertThat(jane.get("deactivated_at")).isNotNull();
		assertThat(this.fixture.activeIds("test")).contains("4150868000000241013")
			.doesNotContain("4150868000000227013")
			.hasSize(10);
		assertThat(this.fixture.jdbc()
			.sql("select users_deactivated from zoho_aggregation_run order by job_instance_id desc limit 1")
			.query(Long.class)
			.single()).isEqualTo(1L);
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_active_users where connection_name = 'test'")
			.query(Long.class)
			.single()).isEqualTo(10L);
	}

	@Test
	void concurrentExecutionOfTheSameConnectionIsRefused() throws Exception {
		// given: another process holds the connection's lock
		this.fixture.authorized("test");
		try (var held = this.locks.tryAcquire("test").orElseThrow()) {
			// when / then
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.jobRuns.run("test"))
				.isInstanceOf(io.github.zohousersbatch.ZohoBatchException.class)
				.extracting(ex -> ((io.github.zohousersbatch.ZohoBatchException) ex).reason())
				.isEqualTo(io.github.zohousersbatch.FailureReason.ALREADY_RUNNING);
		}
	}

}
