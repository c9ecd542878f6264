package io.github.zohousersbatch.job;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.zohousersbatch.GeneratedUsers;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.metrics.RunMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completeness trusts a listing that is consistent, not one number: Zoho's count of users
 * may differ from what its listing returns by a constant, and a run that reads the same
 * users twice proceeds, records the difference and does not read twice again while it
 * holds; a list that moves between the reads, repeats that may hide users, or a read far
 * short of the previous run still fail with {@code INCOMPLETE_READ}.
 */
@ZohoBatchTest
class ListingConsistencyFunctionalTests {

	static final GeneratedUsers ORGANISATION = new GeneratedUsers(40, 5);

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	RunMetrics metrics;

	@BeforeEach
	void authorized() {
		this.fixture.authorized("test");
	}

	@Test
	void zohoCountingUsersItsListingDoesNotReturnIsTrustedAfterTwoIdenticalReadsAndThenRemembered(CapturedOutput output)
			throws Exception {
		// given: Zoho counts 43 users and lists the same 40 every time
		ORGANISATION.withCount(43).stub(this.fixture.zoho(), 0);

		// when
		JobExecution first = this.jobRuns.run("test");

		// then: read twice, reconciled with the listing, the difference recorded
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
		ExecutionCounts counts = ExecutionCounts.of(first);
		assertThat(counts.zohoCount()).isEqualTo(43L);
		assertThat(counts.countDifference()).isEqualTo(-3L);
		assertThat(counts.rereads()).singleElement()
			.asString()
			.isEqualTo("Zoho counts 43 users but the read saw 40 distinct users in 40 records");
		verifyPageOneRead(2);
		assertThat(output)
			.contains("a second read of every page listed exactly the same users: the listing is "
					+ "stable, and Zoho's count differs from it by -3")
			.contains("Zoho counts 43 users, its listing differs by -3");
		assertThat(this.metrics.scrape("test"))
			.contains("zoho_users_batch_users_count_difference{connection=\"test\"} -3.0")
			.contains("zoho_users_batch_users_counted{connection=\"test\"} 43.0");

		// when: the next run shows the same difference
		this.fixture.zoho().resetRequests();
		JobExecution second = this.jobRuns.run("test");

		// then: it reads every page once
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ExecutionCounts.of(second).rereads()).isEmpty();
		assertThat(ExecutionCounts.of(second).countDifference()).isEqualTo(-3L);
		verifyPageOneRead(1);
		assertThat(remembered()).isOne();

		// when: the listing adds up again, the difference is forgotten
		this.fixture.zoho().resetAll();
		ORGANISATION.stub(this.fixture.zoho(), 0);
		JobExecution third = this.jobRuns.run("test");
		assertThat(third.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ExecutionCounts.of(third).countDifference()).isZero();
		assertThat(remembered()).isZero();
	}

	@Test
	void zohoListingMoreUsersThanItCountsIsTrustedAfterTwoIdenticalReads() throws Exception {
		// given
		ORGANISATION.withCount(37).stub(this.fixture.zoho(), 0);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(ExecutionCounts.of(execution).countDifference()).isEqualTo(3L);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
		verifyPageOneRead(2);
		assertThat(this.fixture.jdbc()
			.sql("select difference from zoho_listing_difference where connection_name = 'test'")
			.query(Long.class)
			.single()).isEqualTo(3L);
	}

	@Test
	void aListThatChangesBetweenTheTwoReadsFailsWithoutDeactivatingAnyone() throws Exception {
		// given: a completed run, then Zoho counts 43 users, and between the reads user 0
		// is replaced by user 100
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.jobRuns.run("test");
		this.fixture.zoho().resetAll();
		GeneratedUsers changed = ORGANISATION.without(0, 1).withNewUserFirst(100).withCount(43);
		changed.stub(this.fixture.zoho(), 0);
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(1)
				.inScenario("changed")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(ORGANISATION.pageResponse(1))
				.willSetStateTo("changed"));
		this.fixture.zoho()
			.stubFor(ZohoFixture.usersPage(1)
				.inScenario("changed")
				.whenScenarioStateIs("changed")
				.willReturn(changed.pageResponse(1)));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("INCOMPLETE_READ");
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("Zoho counts 43 users but the read saw 40 distinct users in 40 records, again after reading "
					+ "every page a second time, and the two reads listed different users")
			.contains("Nothing was deactivated");
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
		assertThat(remembered()).isZero();

		// when: restarted once the list has settled
		JobExecution restarted = this.jobRuns.restart(execution.getId());

		// then: it reads again rather than compare with the list of the failed execution
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(changed.activeIds());
		assertThat(ExecutionCounts.of(restarted).countDifference()).isEqualTo(-3L);
	}

	@Test
	void usersRepeatedAcrossPagesAreNeverTrustedEvenWithTheRememberedDifference() throws Exception {
		// given: a difference of -1 confirmed by an earlier run
		ORGANISATION.withCount(41).stub(this.fixture.zoho(), 0);
		assertThat(this.jobRuns.run("test").getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().resetAll();

		// when: Zoho now lists user 4 twice and user 39 never, again a difference of -1
		ORGANISATION.withRepeatedUser(4).stub(this.fixture.zoho(), 0);
		JobExecution execution = this.jobRuns.run("test");

		// then: read twice all the same, and refused
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("INCOMPLETE_READ");
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("(1 of them repeated on later pages), again after reading every page a second time")
			.contains("Zoho's pages list some users twice");
		verifyPageOneRead(2);
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.as("only the first run reconciled")
			.isOne();
	}

	@Test
	void aStableListingFarShortOfThePreviousRunFails() throws Exception {
		// given: a completed run of 40 users
		ORGANISATION.stub(this.fixture.zoho(), 0);
		this.jobRuns.run("test");
		this.fixture.zoho().resetAll();

		// when: Zoho now lists 10 of them, steadily, and counts 13
		GeneratedUsers shrunk = ORGANISATION.without(10, 40).withCount(13);
		shrunk.stub(this.fixture.zoho(), 0);
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getExitStatus().getExitCode()).isEqualTo("INCOMPLETE_READ");
		assertThat(execution.getExitStatus().getExitDescription())
			.contains("30 fewer than the 40 users the previous completed run read")
			.contains("zoho.job.max-deactivation-share=0.5");
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ORGANISATION.activeIds());
		assertThat(remembered()).isZero();
	}

	private void verifyPageOneRead(int times) {
		this.fixture.zoho()
			.verify(times, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
	}

	private long remembered() {
		return this.fixture.jdbc().sql("select count(*) from zoho_listing_difference").query(Long.class).single();
	}

}
