package io.github.zohousersbatch.job;

import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ColumnText;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing Zoho can send in a user record makes a write fail: fields that do not identify
 * the user are made to fit, so one odd record neither fails every run nor costs an active
 * user their place in the table.
 */
@ZohoBatchTest
class PoisonRecordsFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Test
	void oddFieldsAreStoredAsWellAsTheyFitAndTheUsersStayActive(CapturedOutput output) throws Exception {
		// given: on page 3, a NUL in a name, an unpaired surrogate, a role name longer
		// than its column, a flag and a
		// role of the wrong type, a time PostgreSQL cannot hold
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.fixture.stubPage(3,
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json;charset=UTF-8")
					.withBody(ZohoWireMock.fixture("users-page-3.json")
						.replace("\"full_name\": \"Priya Nair\"", "\"full_name\": \"Priya\\u0000 Nair\"")
						.replace("\"last_name\": \"Nair\"", "\"last_name\": \"Nair\\udc00\"")
						.replace("\"name\": \"Manager\"", "\"name\": \"" + "Regional Manager ".repeat(20) + "\"")
						.replace("\"confirm\": true", "\"confirm\": {\"value\": true}")
						.replace("\"created_time\": \"2019-08-20", "\"created_time\": \"+275760-08-20")));

		// when
		JobExecution execution = this.fixture.run("test");

		// then
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		Map<String, Object> priya = this.fixture.jdbc()
			.sql("select full_name, last_name, confirmed, zoho_created_time "
					+ "from zoho_user_aggregation where full_name like 'Priya%'")
			.query()
			.singleRow();
		assertThat(priya).containsEntry("full_name", "Priya Nair").containsEntry("last_name", "Nair");
		assertThat(priya.get("confirmed")).isNull();
		assertThat(priya.get("zoho_created_time")).isNull();
		assertThat(this.fixture.jdbc()
			.sql("select role_name from zoho_user_aggregation where role_name like 'Regional%'")
			.query(String.class)
			.list()).allSatisfy(role -> assertThat(role).hasSize(255).endsWith(ColumnText.MARKER)).isNotEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_reject").query(Long.class).single())
			.isZero();
		assertThat(ExecutionCounts.of(execution).sanitised()).isGreaterThanOrEqualTo(5);
		assertThat(output).contains("on users page 3 stored with changes: ")
			.contains("full_name had control characters removed")
			.contains("role.name cut to 255 characters")
			.contains("confirm was OBJECT, stored as null")
			.doesNotContain("Regional Manager Regional");
	}

}
