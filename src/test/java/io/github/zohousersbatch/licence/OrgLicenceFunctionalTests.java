package io.github.zohousersbatch.licence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ColumnText;
import io.github.zohousersbatch.job.JobRuns;
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
 * The organisation's licence data, read once per run from {@code GET /crm/v8/org} in
 * Zoho's format, and shown against the active users.
 */
@ZohoBatchTest
class OrgLicenceFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRuns jobRuns;

	@BeforeEach
	void authorizedWithAllPages() {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
	}

	@Test
	void licenceDetailsAreRecordedAndShownAgainstActiveUsers() throws Exception {
		// given
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/org")).withHeader("Authorization",
					equalTo("Zoho-oauthtoken " + ZohoFixture.ACCESS_TOKEN)));
		Map<String, Object> licence = this.fixture.jdbc().sql("select * from zoho_org_licence").query().singleRow();
		assertThat(licence).containsEntry("connection_name", "test")
			.containsEntry("org_id", "4150868000000225001")
			.containsEntry("company_name", "Acme Inc.")
			.containsEntry("org_type", "production")
			.containsEntry("paid", false)
			.containsEntry("paid_type", "free")
			.containsEntry("trial_type", "enterprise")
			.containsEntry("users_license_purchased", 12)
			.containsEntry("portal_users_license_purchased", 0)
			.containsEntry("paid_expiry", null);
		assertThat(this.fixture.jdbc()
			.sql("select trial_expiry from zoho_org_licence")
			.query(OffsetDateTime.class)
			.single()
			.toInstant()).isEqualTo(Instant.parse("2025-12-04T11:56:17Z"));
		// the run's row: the organisation's count beside ours; Zoho's own counts were not
		// stubbed (404), so they are missing and say why
		Map<String, Object> usage = this.fixture.jdbc().sql("select * from zoho_licence_usage").query().singleRow();
		assertThat(usage).containsEntry("org_users_license_purchased", 12)
			.containsEntry("paid_type", "free")
			.containsEntry("active_users", 10L)
			.containsEntry("licensed_users", 10L)
			.containsEntry("licences_used_zoho", null)
			.containsEntry("counts_agree", null)
			.containsEntry("latest_run", true);
		assertThat((String) usage.get("counts_missing")).contains("User licences request: Zoho answered HTTP 404");
	}

	@Test
	void aMissingOrgScopeIsAWarningNotAFailure(CapturedOutput output) throws Exception {
		// given
		this.fixture.zoho()
			.stubFor(get("/crm/v8/org").willReturn(aResponse().withStatus(401)
				.withBody(
						"{\"code\":\"OAUTH_SCOPE_MISMATCH\",\"details\":{},\"message\":\"invalid oauth scope to access this URL\",\"status\":\"error\"}")));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_org_licence").query(Long.class).single())
			.isZero();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_active_users").query(Long.class).single())
			.isEqualTo(10L);
		assertThat(output).contains("Licence data of connection 'test' not recorded")
			.contains("the token lacks the scope ZohoCRM.org.READ");
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/org")));
	}

	@Test
	void aRestartDoesNotReadTheLicenceAgain() throws Exception {
		// given: a run that failed on page 3 after recording the licence
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.zoho().stubFor(ZohoFixture.usersPage(3).willReturn(ZohoWireMock.json(400, "error-internal.json")));
		JobExecution failed = this.jobRuns.run("test");
		this.fixture.zoho().stubFor(ZohoFixture.usersPage(3).willReturn(ZohoWireMock.json("users-page-3.json")));

		// when
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho().verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/org")));
		assertThat(this.fixture.jdbc().sql("select job_instance_id from zoho_org_licence").query(Long.class).single())
			.isEqualTo(failed.getJobInstance().getInstanceId());
	}

	@Test
	void licenceDataThatDoesNotFitItsColumnsIsStoredAsWellAsItFits(CapturedOutput output) throws Exception {
		// given: a company name and an edition far longer than their columns, a country
		// code with a NUL, a purchase
		// count beyond an integer and an expiry PostgreSQL cannot hold
		this.fixture.zoho()
			.stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")
				.withBody(ZohoWireMock.fixture("org.json")
					.replace("\"company_name\": \"Acme Inc.\"", "\"company_name\": \"" + "Acme ".repeat(100) + "\"")
					.replace("\"paid_type\": \"free\"", "\"paid_type\": \"" + "enterprise".repeat(10) + "\"")
					.replace("\"country_code\": \"US\"", "\"country_code\": \"U\\u0000S\"")
					.replace("\"users_license_purchased\": 12", "\"users_license_purchased\": 99999999999")
					.replace("\"trial_expiry\": \"2025-12-04", "\"trial_expiry\": \"+275760-12-04"))));

		// when
		JobExecution execution = this.jobRuns.run("test");

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Map<String, Object> licence = this.fixture.jdbc().sql("select * from zoho_org_licence").query().singleRow();
		assertThat((String) licence.get("company_name")).hasSize(255)
			.startsWith("Acme Acme")
			.endsWith(ColumnText.MARKER);
		assertThat((String) licence.get("paid_type")).hasSize(64).endsWith(ColumnText.MARKER);
		assertThat(licence).containsEntry("country_code", "US")
			.containsEntry("users_license_purchased", null)
			.containsEntry("trial_expiry", null);
		assertThat(output)
			.contains("Organisation of connection 'test' stored with changes: company_name cut to 255 " + "characters");
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_active_users").query(Long.class).single())
			.isEqualTo(10L);
	}

	@Test
	void aDatabaseErrorWhileStoringTheLicenceIsAWarningAndTheUsersAreStillAggregated(CapturedOutput output)
			throws Exception {
		// given: PostgreSQL refuses the row (a constraint an administrator added, say)
		this.fixture.zoho().stubFor(get("/crm/v8/org").willReturn(ZohoWireMock.json("org.json")));
		this.fixture.jdbc()
			.sql("alter table zoho_org_licence add constraint no_acme check (company_name <> 'Acme Inc.')")
			.update();
		try {
			// when
			JobExecution execution = this.jobRuns.run("test");

			// then
			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(this.fixture.jdbc().sql("select count(*) from zoho_org_licence").query(Long.class).single())
				.isZero();
			assertThat(this.fixture.jdbc().sql("select count(*) from zoho_active_users").query(Long.class).single())
				.isEqualTo(10L);
			assertThat(output).contains("Licence data of connection 'test' not recorded: PostgreSQL refused it")
				.contains("no_acme");
			assertThat(this.fixture.jdbc()
				.sql("select exit_message from batch_step_execution where step_name = 'recordOrgLicence'")
				.query(String.class)
				.single()).startsWith("licence data not recorded: PostgreSQL refused it");
		}
		finally {
			this.fixture.jdbc().sql("alter table zoho_org_licence drop constraint no_acme").update();
		}
	}

}
