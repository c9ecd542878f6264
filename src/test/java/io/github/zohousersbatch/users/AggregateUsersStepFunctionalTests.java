package io.github.zohousersbatch.users;

import java.util.Map;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aggregateUsers} launched alone ({@link JobOperatorTestUtils#startStep}) against
 * WireMock and PostgreSQL: it writes every user read to staging, counts those with
 * another status than active, skips and records a record it cannot use, and hands the
 * read pass to reconciliation in the job's context only when it completes; a page that
 * fails leaves the pages committed before it and the position to resume from. It never
 * touches {@code zoho_user_aggregation}.
 */
@ZohoBatchTest
class AggregateUsersStepFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Test
	void stagesEveryUserCountsTheInactiveOnesAndHandsThePassToReconciliation() {
		// given
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");

		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(ZohoJob.AGGREGATE_USERS_STEP, ZohoFixture.TEST_RUN,
				new ExecutionContext());

		// then
		StepExecution step = execution.getStepExecutions().iterator().next();
		assertThat(step.getStatus()).as(step.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step.getReadCount()).isEqualTo(17);
		assertThat(step.getWriteCount()).as("every user staged").isEqualTo(17);
		assertThat(step.getFilterCount()).isZero();
		assertThat(UserStagingWriter.inactiveIn(step.getExecutionContext())).isEqualTo(7);
		assertThat(step.getSkipCount()).isZero();
		assertThat(staged()).isEqualTo(17L);
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_user_staging where active and job_instance_id = ? and read_pass = 1")
			.param(execution.getJobInstance().getInstanceId())
			.query(Long.class)
			.single()).isEqualTo(10L);
		assertThat(ReadPosition.of(step.getExecutionContext()).read()).isEqualTo(17);
		ExecutionContext handedOver = execution.getExecutionContext();
		assertThat(handedOver.getInt("zohoUsersReader.pass")).isOne();
		assertThat(handedOver.getLong("zohoUsersReader.unidentified")).isZero();
		assertThat(handedOver.containsKey("zohoUsersReader.page")).as("only what reconciliation needs").isFalse();
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isZero();
	}

	@Test
	void aRecordWithoutAnIdIsSkippedRecordedAndCounted() {
		// given: on page 2, Zoho sends a record without an id
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.fixture.stubPage(2,
				aResponse().withStatus(200)
					.withHeader("Content-Type", "application/json;charset=UTF-8")
					.withBody(ZohoWireMock.fixture("users-page-2.json")
						.replaceFirst("\"id\": \"4150868000000230013\"", "\"id\": null")));

		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(ZohoJob.AGGREGATE_USERS_STEP, ZohoFixture.TEST_RUN,
				new ExecutionContext());

		// then
		StepExecution step = execution.getStepExecutions().iterator().next();
		assertThat(step.getStatus()).as(step.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step.getSkipCount()).isOne();
		assertThat(step.getReadCount()).isEqualTo(17);
		Map<String, Object> reject = this.fixture.jdbc()
			.sql("select connection_name, job_execution_id, page, zoho_user_id, reason from zoho_user_reject")
			.query()
			.singleRow();
		assertThat(reject).containsEntry("connection_name", "test")
			.containsEntry("job_execution_id", execution.getId())
			.containsEntry("page", 2)
			.containsEntry("reason", "no id");
		assertThat(reject.get("zoho_user_id")).isNull();
		assertThat(execution.getExecutionContext().getLong("zohoUsersReader.unidentified")).isOne();
		assertThat(staged()).isEqualTo(16L);
	}

	@Test
	void aPageThatFailsLeavesThePagesCommittedBeforeItAndHandsNothingOver() {
		// given: page 3 fails with Zoho's 500
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-");
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));

		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(ZohoJob.AGGREGATE_USERS_STEP, ZohoFixture.TEST_RUN,
				new ExecutionContext());

		// then
		StepExecution step = execution.getStepExecutions().iterator().next();
		assertThat(step.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(step.getFailureExceptions()).singleElement()
			.satisfies(failure -> assertThat(failure).hasStackTraceContaining("Users page 3")
				.hasStackTraceContaining("HTTP 500"));
		ReadPosition position = ReadPosition.of(step.getExecutionContext());
		assertThat(position.page()).isEqualTo(3);
		assertThat(position.offset()).isZero();
		assertThat(position.read()).isEqualTo(10);
		assertThat(staged()).isEqualTo(10L);
		assertThat(execution.getExecutionContext().containsKey("zohoUsersReader.pass")).isFalse();
	}

	private long staged() {
		return this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single();
	}

}
