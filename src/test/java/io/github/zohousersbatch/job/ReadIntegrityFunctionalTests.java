package io.github.zohousersbatch.job;

import java.util.List;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table is never silently wrong: a restart after Zoho's list changed reads again from
 * page 1, and a read that does not add up to Zoho's count of users is read again, then
 * refused without deactivating anyone.
 */
@ZohoBatchTest
class ReadIntegrityFunctionalTests {

	static final GeneratedUsers ORGANISATION = new GeneratedUsers(40, 5);

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
	}

	@Test
	void aRestartAfterZohosListChangedReadsEveryPageAgainAndEndsWithTheTableOfAFreshRun(CapturedOutput output)
			throws Exception {
		// given: a complete run of 40 users, then a run that fails at page 4 after
		// committing pages 1 to 3
		ORGANISATION.stub(this.fixture.zoho(), 0);
		assertThat(this.jobRuns.run("test").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.stubPage(4, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);

		// when: before the restart, users 0 to 6 are deleted in Zoho, so every later user
		// moves up the pages
		GeneratedUsers changed = ORGANISATION.without(0, 7);
		this.fixture.zoho().resetAll();
		changed.stub(this.fixture.zoho(), 0);
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then: the table is exactly what a fresh run over the changed list gives
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(changed.activeIds());
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_user_aggregation where active and zoho_user_id in (?, ?)")
			.params(GeneratedUsers.id(0), GeneratedUsers.id(6))
			.query(Long.class)
			.single()).as("deleted users are no longer active").isZero();
		assertThat(this.fixture.jdbc()
			.sql("select users_read, users_active, users_deactivated from zoho_aggregation_run "
					+ "where last_execution_id = ?")
			.param(restarted.getId())
			.query()
			.singleRow()).containsEntry("users_read", 33L)
			.containsEntry("users_active", (long) changed.activeIds().size())
			.containsEntry("users_deactivated", 6L);
		this.fixture.zoho()
			.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		assertThat(ExecutionCounts.of(restarted).rereads()).singleElement()
			.asString()
			.contains("page 3 no longer lists the users it listed");
		assertThat(output).contains("reading every page again from page 1 (pass 2)");
	}

	@Test
	void aRestartOverAnUnchangedListResumesWithoutReadingTheCommittedPagesAgain() throws Exception {
		// given
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.fixture.stubPage(4, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");

		// when
		ORGANISATION.stubPage(this.fixture.zoho(), 4, 0);
		this.fixture.zoho().resetRequests();
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then: one request for page 3 proves the list still lines up; pages 1 and 2 are
		// not read again
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("3")));
		assertThat(ExecutionCounts.of(restarted).rereads()).isEmpty();
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
	}

	@Test
	void aUserAddedWhileTheRunReadsIsFoundByReadingAgain() throws Exception {
		// given: after page 1 was served, a user is added at the top of Zoho's list: the
		// others move down a place
		GeneratedUsers grown = ORGANISATION.withNewUserFirst(100);
		grown.stub(this.fixture.zoho(), 0);
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(1)
				.inScenario("user added")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(ORGANISATION.pageResponse(1))
				.willSetStateTo("added"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(1)
				.inScenario("user added")
				.whenScenarioStateIs("added")
				.willReturn(grown.pageResponse(1)));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then: the first read saw user 4 twice and never the new one; the second read
		// sees all 41
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ExecutionCounts.of(execution).rereads()).singleElement()
			.asString()
			.isEqualTo("Zoho counts 41 users but the read saw 40 distinct users in 41 records (1 of them repeated on "
					+ "later pages)");
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(grown.activeIds())
			.contains(GeneratedUsers.id(100));
		this.fixture.zoho().verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")));
		assertThat(this.fixture.jdbc().sql("select users_read from zoho_aggregation_run").query(Long.class).single())
			.isEqualTo(41L);
	}

	@Test
	void aReadThatStillDoesNotAddUpDeactivatesNobodyAndSaysWhatDiffered() throws Exception {
		// given: a complete run, then Zoho lists user 4 twice and user 39 never, whatever
		// the read does
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.jobRuns.run("test");
		this.fixture.zoho().resetAll();
		ORGANISATION.withRepeatedUser(4).stub(this.fixture.zoho(), 0);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("INCOMPLETE_READ");
		assertThat(FailureReason.fromExitCode("INCOMPLETE_READ").exitCode()).isEqualTo(8);
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("Zoho counts 40 users but the read saw 39 distinct users in 40 records (1 of them repeated on "
					+ "later pages), again after reading every page a second time")
			.contains("Nothing was deactivated");
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isOne();
		this.fixture.zoho()
			.verify(2, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
	}

	@Test
	void withoutTheCountScopeTheCheckIsSkippedWithAWarning(CapturedOutput output) throws Exception {
		// given
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count"))
				.willReturn(ZohoWireMock.json(401, "error-oauth-scope-mismatch.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("Connection 'test': cannot check that every user was read: Users count: Zoho "
				+ "answered HTTP 401 OAUTH_SCOPE_MISMATCH");
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
	}

	@Test
	void aCountEndpointZohoDoesNotServeSkipsTheCheckToo(CapturedOutput output) throws Exception {
		// given
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.fixture.zoho()
			.stubFor(get(urlPathEqualTo("/crm/v8/users/actions/count")).willReturn(aResponse().withStatus(404)
				.withHeader("Content-Type", "application/json")
				.withBody(
						"{\"code\":\"INVALID_URL_PATTERN\",\"details\":{},\"message\":\"Please check if the URL trying "
								+ "to access is a correct one\",\"status\":\"error\"}")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains(
				"cannot check that every user was read: Users count: Zoho answered HTTP 404 " + "INVALID_URL_PATTERN");
	}

	@Test
	void aReadThatAddsUpAsksForTheCountOnceAndReadsEachPageOnce() throws Exception {
		// given
		ORGANISATION.stub(this.fixture.zoho(), 0);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")).withQueryParam("type",
					equalTo("AllUsers")));
		for (int page : List.of(1, 4, 8)) {
			this.fixture.zoho()
				.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page",
						equalTo(String.valueOf(page))));
		}
		assertThat(ExecutionCounts.of(execution).rereads()).isEmpty();
	}

}
