package io.github.zohousersbatch.licence;

import java.util.List;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoUsersListing;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.job.JobRuns;
import io.github.zohousersbatch.reporting.LicenceUsage;
import io.github.zohousersbatch.reporting.LicenceUsage.Usage;
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
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Licence truth against Zoho on WireMock: Zoho's own user licence counts
 * ({@code GET /crm/v8/__features/user_licenses}) read once per run beside the
 * organisation, the active users that consume a licence by {@code zoho_licence_rule}, and
 * {@code zoho_licence_usage} putting both side by side.
 */
@ZohoBatchTest
class LicenceCountsFunctionalTests {

	static final String LICENCES = "/crm/v8/__features/user_licenses";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	LicenceUsage licenceUsage;

	@BeforeEach
	void authorizedWithItsOrganisation() {
		this.fixture.authorized("test");
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
	}

	@Test
	void zohosCountsAreReadOncePerRunAndAgreeWithOursWhenTheyShouldAndNoCallIsMadePerPage() throws Exception {
		// given: 10 active users, one of them a portal user, which takes no CRM licence
		ZohoUsersListing.fromFixtures().set("233013", "type__s", "Client Portal User").stub(this.fixture);
		stubLicences(12, 9, 3);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Usage usage = latest();
		assertThat(usage)
			.extracting(Usage::purchased, Usage::usedByZoho, Usage::licensedUsers, Usage::available, Usage::difference,
					Usage::agree, Usage::activeUsers, Usage::orgPurchased, Usage::paidType)
			.containsExactly(12, 9, 9L, 3, 0L, true, 10L, 12, "free");
		assertThat(usage.jobInstanceId()).isEqualTo(execution.getJobInstance().getInstanceId());
		// one call each per run, whatever the number of pages
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo(LICENCES)).withHeader("Authorization",
					equalTo("Zoho-oauthtoken " + ZohoFixture.ACCESS_TOKEN)));
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/org")));
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users/actions/count")));
	}

	@Test
	void aDifferenceBetweenZohosUsedCountAndOursIsShownAndSaysWhichWay() throws Exception {
		// given: Zoho counts 12 licences in use; 10 active Regular Users consume one here
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		stubLicences(15, 12, 3);

		// when
		this.jobRuns.run("test");

		// then
		Map<String, Object> row = this.fixture.jdbc()
			.sql("select * from zoho_licence_usage where latest_run")
			.query()
			.singleRow();
		assertThat(row).containsEntry("licences_purchased", 15)
			.containsEntry("licences_used_zoho", 12)
			.containsEntry("licensed_users", 10L)
			.containsEntry("licences_available", 3)
			.containsEntry("used_difference", 2L)
			.containsEntry("counts_agree", false)
			.containsEntry("counts_missing", null);
	}

	@Test
	void theRuleIsDataTheViewsUseItAtOnceAndTheNextRunCountsWithIt() throws Exception {
		// given: a run with a Team User and a Client Portal User among the 10 active
		ZohoUsersListing listing = ZohoUsersListing.fromFixtures()
			.set("233013", "type__s", "Client Portal User")
			.set("235013", "type__s", "Team User");
		listing.stub(this.fixture);
		stubLicences(12, 9, 3);
		JobExecution first = this.jobRuns.run("test");
		assertThat(latest().licensedUsers()).isEqualTo(8L);

		// when: Team Users of this connection are declared licence-consuming
		this.fixture.jdbc()
			.sql("insert into zoho_licence_rule (connection_name, user_type, consumes_licence) "
					+ "values ('test', 'Team User', true)")
			.update();

		// then: the views follow at once; the completed run keeps what it counted
		assertThat(consumesLicence("4150868000000235013")).isTrue();
		assertThat(consumesLicence("4150868000000233013")).isFalse();
		assertThat(latest().licensedUsers()).isEqualTo(8L);
		// and the next run counts with the new rule
		this.jobRuns.run("test");
		List<Usage> runs = this.licenceUsage.latest("test", 5);
		assertThat(runs).extracting(Usage::licensedUsers).containsExactly(9L, 8L);
		assertThat(runs.get(1).jobInstanceId()).isEqualTo(first.getJobInstance().getInstanceId());
		assertThat(runs).extracting(Usage::latestRun).containsExactly(true, false);
		// a rule for another connection changes nothing here
		this.fixture.jdbc()
			.sql("insert into zoho_licence_rule (connection_name, user_type, consumes_licence) "
					+ "values ('other', 'Client Portal User', true)")
			.update();
		assertThat(consumesLicence("4150868000000233013")).isFalse();
	}

	@Test
	void aMissingFeaturesScopeIsAWarningNotAFailure(CapturedOutput output) throws Exception {
		// given
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		this.fixture.zoho()
			.stubFor(get(LICENCES).willReturn(aResponse().withStatus(401)
				.withBody("{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},"
						+ "\"message\":\"invalid oauth scope to access this URL\",\"status\":\"error\"}")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("Zoho's licence counts of connection 'test' not read")
			.contains("the token lacks the scope ZohoCRM.features.READ");
		Usage usage = latest();
		assertThat(usage.usedByZoho()).isNull();
		assertThat(usage.agree()).isNull();
		assertThat(usage.licensedUsers()).isEqualTo(10L);
		assertThat(usage.orgPurchased()).isEqualTo(12);
		assertThat(usage.countsMissing()).contains("OAUTH_SCOPE_MISMATCH").contains("ZohoCRM.features.READ");
		assertThat(this.fixture.jdbc()
			.sql("select exit_message from batch_step_execution where step_name = 'recordOrgLicence'")
			.query(String.class)
			.single()).startsWith("licence counts not read: User licences request: Zoho answered HTTP 401");
	}

	@Test
	void anEditionWithoutTheFeatureIsAWarningNotAFailure(CapturedOutput output) throws Exception {
		// given: Zoho answers, but without the user_licenses feature
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		this.fixture.zoho().stubFor(get(LICENCES).willReturn(okJson("{\"__features\":[]}")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(latest().countsMissing()).contains("without the user_licenses feature");
		assertThat(output).contains("Zoho's licence counts of connection 'test' not read");
		assertThat(this.fixture.activeIds("test")).hasSize(10);
	}

	@Test
	void zohosNoContentMeansAnEditionWithoutCountsRecordedWithoutWarningOrError(CapturedOutput output)
			throws Exception {
		// given: Zoho answers 204, "Feature not available for the current edition"
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		this.fixture.zoho().stubFor(get(LICENCES).willReturn(aResponse().withStatus(204)));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(latest()).extracting(Usage::countsInEdition, Usage::purchased, Usage::usedByZoho)
			.containsExactly(false, null, null);
		assertThat(latest().countsMissing()).isEqualTo("not in this edition (Zoho answered 204)");
		assertThat(this.fixture.jdbc()
			.sql("select exit_message from batch_step_execution where step_name = 'recordOrgLicence'")
			.query(String.class)
			.single()).isEmpty();
		assertThat(output).contains("the organisation's edition has no user licence counts (Zoho answered 204)")
			.doesNotContain("WARN");
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo(LICENCES)));
	}

	@Test
	void aTrialOrganisationCountsAsTheEditionItTriesAndBothAreRecorded(CapturedOutput output) throws Exception {
		// given: paid_type free, on an Enterprise trial that runs until 2099
		trialUntil("2099-12-04T17:26:17+05:30");
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		stubLicences(12, 10, 2);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then: Enterprise's 20 concurrent calls, less the margin
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("Acme Inc. (free (trial: enterprise))")
			.contains("edition free (trial: enterprise), at most 20 concurrent calls");
		assertThat(latest()).extracting(Usage::paidType, Usage::trialType, Usage::editions)
			.containsExactly("free", "enterprise", "free (trial: enterprise)");
	}

	@Test
	void anExpiredTrialCountsAsTheEditionPaidFor(CapturedOutput output) throws Exception {
		// given: org.json's Enterprise trial ended in 2025
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		stubLicences(12, 10, 2);

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(output).contains("edition free, at most 5 concurrent calls");
		assertThat(latest()).extracting(Usage::trialType, Usage::editions).containsExactly(null, "free");
	}

	@Test
	void aRestartDoesNotReadTheCountsAgain() throws Exception {
		// given: a run that failed on page 3 after reading the counts
		ZohoUsersListing.fromFixtures().stub(this.fixture);
		stubLicences(12, 10, 2);
		this.fixture.stubPage(3, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		ZohoUsersListing.fromFixtures().stub(this.fixture);

		// when
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo(LICENCES)));
		assertThat(latest()).extracting(Usage::usedByZoho, Usage::licensedUsers, Usage::agree)
			.containsExactly(10, 10L, true);
	}

	@Test
	void whatLicenceToolsNeedOfEachUserIsKept() throws Exception {
		// given: an invited user (not confirmed, no zuid yet) with a status reason
		ZohoUsersListing.fromFixtures().edit("229013", user -> {
			user.put("confirm", false);
			user.putNull("zuid");
			user.put("status_reason__s", "Invited by Patricia Boyle");
			user.put("type__s", "Sandbox Developer User");
		}).stub(this.fixture);

		// when
		this.jobRuns.run("test");

		// then
		Map<String, Object> invited = this.fixture.jdbc()
			.sql("select * from zoho_active_users where zoho_user_id = '4150868000000229013'")
			.query()
			.singleRow();
		assertThat(invited).containsEntry("confirmed", false)
			.containsEntry("zuid", null)
			.containsEntry("status_reason", "Invited by Patricia Boyle")
			.containsEntry("user_type", "Sandbox Developer User")
			.containsEntry("consumes_licence", false)
			.containsEntry("profile_name", "Standard")
			.containsEntry("role_name", "Manager");
		Map<String, Object> regular = this.fixture.jdbc()
			.sql("select * from zoho_active_users where zoho_user_id = '4150868000000225013'")
			.query()
			.singleRow();
		assertThat(regular).containsEntry("zuid", "694579958")
			.containsEntry("user_type", "Regular User")
			.containsEntry("consumes_licence", true)
			.containsEntry("profile_id", "4150868000000026011")
			.containsEntry("role_id", "4150868000000026005");
		assertThat(regular.get("zoho_created_time")).isNotNull();
		assertThat(regular.get("zoho_modified_time")).isNotNull();
	}

	private void stubLicences(int purchased, int used, int available) {
		this.fixture.zoho()
			.stubFor(get(LICENCES).willReturn(ZohoWireMock.json("user-licenses.json")
				.withBody(ZohoWireMock.fixture("user-licenses.json")
					.replace("\"limits\":{\"total\":10}", "\"limits\":{\"total\":" + purchased + "}")
					.replace("\"used_count\":{\"total\":7}", "\"used_count\":{\"total\":" + used + "}")
					.replace("\"available_count\":{\"total\":3}",
							"\"available_count\":{\"total\":" + available + "}"))));
	}

	private void trialUntil(String expiry) {
		this.fixture.zoho()
			.stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")
				.withBody(ZohoWireMock.fixture("org.json").replace("2025-12-04T17:26:17+05:30", expiry))));
	}

	private Usage latest() {
		List<Usage> usages = this.licenceUsage.latest("test", 1);
		assertThat(usages).hasSize(1);
		return usages.get(0);
	}

	private boolean consumesLicence(String id) {
		return this.fixture.jdbc()
			.sql("select consumes_licence from zoho_active_users where zoho_user_id = ?")
			.param(id)
			.query(Boolean.class)
			.single();
	}

}
