package io.github.zohousersbatch.job;

import java.util.Map;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ColumnText;
import io.github.zohousersbatch.auth.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.zohousersbatch.ZohoFixture.usersPage;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoho and the network misbehaving, injected into a real HTTP server: the job retries
 * what is transient, refreshes a rejected token once, skips single unusable records, and
 * fails restartably with a message naming the page and the error otherwise.
 */
@ZohoBatchTest
@TestPropertySource(properties = { "zoho.http.read-timeout=500ms", "zoho.job.skip-limit=2" })
class FaultToleranceFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	TokenStore tokenStore;

	@BeforeEach
	void authorizedWithAllPages() {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
	}

	@Test
	void serverErrorsAreRetriedUntilZohoRecovers() throws Exception {
		// given: page 2 answers 503, 500, then the page
		failThenRecover(2, ZohoWireMock.json(503, "error-internal.json"),
				ZohoWireMock.json(500, "error-internal.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(3, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void tooManyRequestsHonoursRetryAfterAndConnectionResetsAndTimeoutsAreRetried() throws Exception {
		// given
		failThenRecover(1, aResponse().withStatus(429)
			.withHeader("Retry-After", "0")
			.withBody(
					"{\"code\":\"TOO_MANY_REQUESTS\",\"details\":{},\"message\":\"too many requests\",\"status\":\"error\"}"));
		failThenRecover(2, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
		failThenRecover(3, ZohoWireMock.json("users-page-3.json").withFixedDelay(2000));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (int page = 1; page <= 3; page++) {
			this.fixture.zoho()
				.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
						equalTo(String.valueOf(page))));
		}
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void connectionsDroppedInTheMiddleOfABodyAreRetriedLikeA503(CapturedOutput output) throws Exception {
		// given: a proxy drops page 1 after random bytes, page 2 after the status and a
		// garbled chunk (Reactor Netty's PrematureCloseException "DURING response");
		// page 3 dribbles a first chunk, then stalls past the read timeout
		failThenRecover(1, aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
		failThenRecover(2, aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));
		failThenRecover(3, ZohoWireMock.json("users-page-3.json").withChunkedDribbleDelay(3, 3000));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		for (int page = 1; page <= 3; page++) {
			this.fixture.zoho()
				.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
						equalTo(String.valueOf(page))));
		}
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		assertThat(output)
			.contains("Users page 2: the connection to Zoho at " + ZohoWireMock.baseUrl()
					+ " broke while the answer was read (PrematureCloseException")
			.contains("Users page 3: cannot reach Zoho at " + ZohoWireMock.baseUrl()
					+ " (ReadTimeoutException: nothing received within zoho.http.read-timeout)");
	}

	@Test
	void exhaustedRetriesFailRestartablyNamingThePageAndTheLastError() throws Exception {
		// given
		this.fixture.stubPage(2, ZohoWireMock.json(503, "error-internal.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("FAILED");
		assertThat(execution.getExitStatus().getExitDescription())
			.startsWith("aggregateUsers: Users page 2: gave up after 5 attempt(s)")
			.contains("last error: Zoho answered HTTP 503 INTERNAL_ERROR");
		this.fixture.zoho()
			.verify(5, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
	}

	@Test
	void retryAfterLongerThanAllowedFailsAtOnce() throws Exception {
		// given
		this.fixture.stubPage(1, aResponse().withStatus(429).withHeader("Retry-After", "3600"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription()).contains("Zoho asked to wait 3600 s");
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
	}

	@Test
	void rejectedAccessTokenIsRefreshedOnceAndThePageTriedAgain() throws Exception {
		// given: the stored token was revoked; Zoho says so on page 2
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		this.fixture.zoho()
			.stubFor(usersPage(2).withHeader("Authorization", equalTo("Zoho-oauthtoken " + ZohoFixture.ACCESS_TOKEN))
				.willReturn(ZohoWireMock.json(401, "error-invalid-token.json")));
		this.fixture.zoho()
			.stubFor(usersPage(3).withHeader("Authorization", equalTo("Zoho-oauthtoken " + ZohoFixture.ACCESS_TOKEN))
				.willReturn(ZohoWireMock.json(401, "error-invalid-token.json")));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token")).withFormParam("grant_type",
					equalTo("refresh_token")));
		this.fixture.zoho()
			.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3"))
				.withHeader("Authorization", equalTo("Zoho-oauthtoken " + ZohoFixture.REFRESHED_ACCESS_TOKEN)));
		assertThat(this.tokenStore.find("test").orElseThrow().accessToken())
			.isEqualTo(ZohoFixture.REFRESHED_ACCESS_TOKEN);
	}

	@Test
	void aSecondRejectionAfterTheRefreshFailsWithTokenRejected() throws Exception {
		// given: AUTHENTICATION_FAILURE whatever the token
		this.fixture.zoho().stubFor(post("/oauth/v2/token").willReturn(ZohoWireMock.json("token-refresh.json")));
		this.fixture.stubPage(2, aResponse().withStatus(401)
			.withBody(
					"{\"code\":\"AUTHENTICATION_FAILURE\",\"details\":{},\"message\":\"Authentication failed\",\"status\":\"error\"}"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("TOKEN_REJECTED");
		assertThat(execution.getExitStatus().getExitDescription()).contains("Users page 2")
			.contains("AUTHENTICATION_FAILURE")
			.doesNotContain(ZohoFixture.ACCESS_TOKEN)
			.doesNotContain(ZohoFixture.REFRESHED_ACCESS_TOKEN);
		this.fixture.zoho().verify(1, postRequestedFor(urlPathEqualTo("/oauth/v2/token")));
		this.fixture.zoho()
			.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
	}

	@Test
	void scopeMismatchIsNeverRetriedAndNamesTheMissingScope() throws Exception {
		// given
		this.fixture.stubPage(1, aResponse().withStatus(401)
			.withBody(
					"{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this URL\",\"status\":\"error\"}"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("TOKEN_REJECTED");
		assertThat(execution.getExitStatus().getExitDescription()).contains("OAUTH_SCOPE_MISMATCH")
			.contains("lacks the scope ZohoCRM.users.READ");
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho().verify(0, postRequestedFor(urlPathEqualTo("/oauth/v2/token")));
	}

	@Test
	void anHtmlErrorPageWithStatus200IsRetriedAndThenFailsClearly() throws Exception {
		// given
		this.fixture.stubPage(2,
				aResponse().withStatus(200)
					.withHeader("Content-Type", "text/html")
					.withBody("<html><body><h1>Maintenance</h1></body></html>"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription()).contains("Users page 2")
			.contains("HTTP 200 with a body that is not JSON");
		this.fixture.zoho()
			.verify(5, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
			.isEqualTo(5L);
	}

	@Test
	void truncatedJsonIsRetried() throws Exception {
		// given
		String page3 = ZohoWireMock.fixture("users-page-3.json");
		failThenRecover(3, aResponse().withStatus(200).withBody(page3.substring(0, page3.length() / 2)));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void usersOfTheWrongTypeFailAtOnce() throws Exception {
		// given
		this.fixture.stubPage(2,
				aResponse().withStatus(200).withBody("{\"users\":\"none\",\"info\":{\"more_records\":true}}"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription()).contains("'users' is STRING, not an array");
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
	}

	@Test
	void anOversizedFieldIsCutAndARecordWithoutIdIsSkippedCountedKeptAndLoggedByIdOnly(CapturedOutput output)
			throws Exception {
		// given: on page 3 Priya's email is oversized and Olga has no id
		this.fixture.stubPage(3, aResponse().withStatus(200).withBody(pageWithBadRecords()));

		// when
		JobExecution execution = this.fixture.run("test");

		// then: Priya keeps her licence, her email cut to its column; Olga cannot be told
		// apart and is skipped
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Object> step = this.fixture.jdbc().sql("""
				select read_count, process_skip_count, filter_count, write_count from batch_step_execution
				where job_execution_id = ? and step_name = 'aggregateUsers'
				""").param(execution.getId()).query().singleRow();
		assertThat(step).containsEntry("read_count", 17L)
			.containsEntry("process_skip_count", 1L)
			.containsEntry("filter_count", 7L)
			.containsEntry("write_count", 9L);
		assertThat(this.fixture.jdbc()
			.sql("select page, zoho_user_id, reason from zoho_user_reject order by reject_id")
			.query()
			.listOfRows()).containsExactly(nullId(3, "no id"));
		assertThat(output)
			.contains("User record 4150868000000235013 on users page 3 stored with changes: email cut to "
					+ "320 characters")
			.contains("Skipped user record without id on users page 3: no id")
			.doesNotContain("oversized.person@")
			.doesNotContain("olga.petrova");
		assertThat(this.fixture.activeIds("test")).hasSize(9).contains("4150868000000235013");
		assertThat(this.fixture.jdbc()
			.sql("select email from zoho_user_aggregation where zoho_user_id = '4150868000000235013'")
			.query(String.class)
			.single()).hasSize(320).startsWith("oversized.person@").endsWith(ColumnText.MARKER);
		assertThat(this.fixture.jdbc()
			.sql("select users_read, users_active, users_filtered from zoho_aggregation_run")
			.query()
			.singleRow()).containsEntry("users_read", 17L)
			.containsEntry("users_active", 9L)
			.containsEntry("users_filtered", 7L);
		assertThat(ExecutionCounts.of(execution).sanitised()).isEqualTo(1L);
	}

	@Test
	void moreUnusableRecordsThanTheSkipLimitFailTheStep() throws Exception {
		// given: three unusable records with a skip limit of 2
		this.fixture.stubPage(2, aResponse().withStatus(200).withBody("""
				{"users":[{"status":"active"},{"id":"x","status":"active"},{"id":"","status":"active"}],
				 "info":{"per_page":5,"count":3,"page":2,"more_records":false}}"""));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitDescription()).contains("More than 2 unusable user records");
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_reject").query(Long.class).single())
			.isZero();
	}

	@Test
	void pagesThatRepeatAreStoppedInsteadOfReadForever() throws Exception {
		// given: Zoho ignores the page number
		this.fixture.stubPage(2, ZohoWireMock.json("users-page-1.json"));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("Zoho returned the same users as for page 1; paging is not advancing");
	}

	private void failThenRecover(int page,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... failures) {
		String scenario = "page-" + page;
		String state = Scenario.STARTED;
		for (int i = 0; i < failures.length; i++) {
			String next = "failed-" + (i + 1);
			this.fixture.zoho()
				.stubFor(usersPage(page).inScenario(scenario)
					.whenScenarioStateIs(state)
					.willReturn(failures[i])
					.willSetStateTo(next));
			state = next;
		}
		this.fixture.zoho()
			.stubFor(usersPage(page).inScenario(scenario)
				.whenScenarioStateIs(state)
				.willReturn(ZohoWireMock.json("users-page-" + page + ".json")));
	}

	private static Map<String, Object> nullId(int page, String reason) {
		Map<String, Object> row = new java.util.LinkedHashMap<>();
		row.put("page", page);
		row.put("zoho_user_id", null);
		row.put("reason", reason);
		return row;
	}

	// users-page-3.json with Priya's email blown up and Olga's id removed
	private static String pageWithBadRecords() {
		String oversized = "oversized.person@" + "x".repeat(320) + ".example";
		return ZohoWireMock.fixture("users-page-3.json")
			.replace("\"email\": \"priya.nair@zylker.com\"", "\"email\": \"" + oversized + "\"")
			.replace("\"id\": \"4150868000000236013\"", "\"id\": null");
	}

}
