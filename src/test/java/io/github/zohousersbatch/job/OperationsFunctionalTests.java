package io.github.zohousersbatch.job;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What operators do to executions and what the database does to them: the
 * mass-deactivation guard and its override, stop at a chunk boundary, a lost database
 * connection, a dead execution, and restarts that would do harm.
 */
@ZohoBatchTest
class OperationsFunctionalTests {

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
	void reconciliationRefusesToDeactivateMostUsersUntilAnOperatorAllowsIt() throws Exception {
		// given: a complete run with 10 active users, then Zoho lists only the first page
		this.jobRuns.run("test");
		this.fixture.stubPage(1,
				ZohoWireMock.json(200, "users-page-1.json")
					.withBody(ZohoWireMock.fixture("users-page-1.json")
						.replace("\"more_records\": true", "\"more_records\": false")));
		ZohoWireMock.stubUsersCount(5);

		// when
		JobExecution refused = this.jobRuns.run("test");

		// then: 7 of 10 would go; nothing changed
		assertThat(refused.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(refused.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		assertThat(refused.getExitStatus().getExitDescription())
			.contains("Connection 'test': this run would deactivate 7 of the 10 active users (70%")
			.contains("restart " + refused.getId() + " --allow-mass-deactivation");
		assertThat(FailureReason.fromExitCode(refused.getExitStatus().getExitCode()).exitCode()).isEqualTo(7);
		assertThat(this.fixture.activeIds("test")).hasSize(10);
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isOne();

		// when: restarted without the flag, it refuses again; with it, it deactivates
		JobExecution again = this.jobRuns.restart(refused.getId());
		assertThat(again.getExitStatus().getExitCode()).isEqualTo("MASS_DEACTIVATION");
		JobExecution allowed = this.jobRuns.restart(again.getId(), true);

		// then
		assertThat(allowed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.fixture.activeIds("test")).hasSize(3);
		assertThat(this.fixture.jdbc()
			.sql("select users_deactivated from zoho_aggregation_run where last_execution_id = ?")
			.param(allowed.getId())
			.query(Long.class)
			.single()).isEqualTo(7L);
	}

	@Test
	void stopEndsARunningExecutionAtTheNextChunkBoundaryAndRestartResumes() throws Exception {
		// given: a run slowed down on page 2
		this.fixture.stubPage(2, ZohoWireMock.json("users-page-2.json").withFixedDelay(1500));
		CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(this::runTest);
		long executionId = awaitCommittedChunks(1);

		// when: an operator stops it (through the database, as another process would)
		JobExecution stopping = this.jobRuns.stop(executionId);
		JobExecution stopped = running.get(30, TimeUnit.SECONDS);

		// then: the metadata says stopped at once; the step ends its chunk first
		assertThat(stopping.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(stopped.getExitStatus().getExitCode()).isEqualTo("STOPPED");
		assertThat(this.fixture.activeIds("test")).isEmpty();

		// when
		this.fixture.zoho().resetRequests();
		JobExecution restarted = this.jobRuns.restart(executionId);

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		// stopped after page 2: page 1 is not read again, page 2 once to check that the
		// list still lines up
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void lostDatabaseConnectionsFailTheStepWithNothingHalfWrittenAndRestartResumes() throws Exception {
		// given: a run that committed pages 1 and 2 and waits for page 3 with its chunk
		// transaction open
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json").withFixedDelay(3000));
		CompletableFuture<JobExecution> running = CompletableFuture.supplyAsync(this::runTest);
		awaitCommittedChunks(2);

		// when: every session of the application is killed, as a database restart or a
		// network cut would
		this.fixture.jdbc()
			.sql("select pg_terminate_backend(pid) from pg_stat_activity "
					+ "where application_name = 'zoho-users-batch' and pid <> pg_backend_pid()")
			.query()
			.listOfRows();
		JobExecution failed = running.get(30, TimeUnit.SECONDS);

		// then
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(failed.getExitStatus().getExitDescription()).contains("connection was lost");
		assertThat(this.fixture.activeIds("test")).isEmpty();
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single())
			.isEqualTo(10L);

		// when
		this.fixture.zoho().resetRequests();
		JobExecution restarted = this.jobRuns.restart(failed.getId());

		// then
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void anExecutionLeftStartedByADeadProcessIsRecoveredAndResumed() throws Exception {
		// given: a failed run made to look like a process killed on page 3
		this.fixture.stubPage(3, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution crashed = this.jobRuns.run("test");
		this.fixture.jdbc()
			.sql("update batch_job_execution set status = 'STARTED', exit_code = 'UNKNOWN', end_time = null "
					+ "where job_execution_id = ?")
			.param(crashed.getId())
			.update();
		this.fixture.jdbc()
			.sql("update batch_step_execution set status = 'STARTED', exit_code = 'EXECUTING', end_time = null "
					+ "where job_execution_id = ? and step_name = 'aggregateUsers'")
			.param(crashed.getId())
			.update();
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json"));
		this.fixture.zoho().resetRequests();

		// when
		JobExecution resumed = this.jobRuns.restartLastFailed("test", false).orElseThrow();

		// then
		assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(resumed.getJobInstance().getInstanceId()).isEqualTo(crashed.getJobInstance().getInstanceId());
		assertThat(this.fixture.jdbc()
			.sql("select status from batch_job_execution where job_execution_id = ?")
			.param(crashed.getId())
			.query(String.class)
			.single()).isEqualTo("FAILED");
		assertThat(this.fixture.jdbc()
			.sql("select exit_message from batch_job_execution where job_execution_id = ?")
			.param(crashed.getId())
			.query(String.class)
			.single()).contains("ended without finishing it");
		this.fixture.zoho()
			.verify(0, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("1")));
		this.fixture.zoho()
			.verify(1, getRequestedFor(urlPathEqualTo("/crm/v8/users")).withQueryParam("page", equalTo("2")));
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
	}

	@Test
	void aRunOlderThanTheLastCompletedOneCannotBeRestarted() throws Exception {
		// given: a failed run, then a complete one
		this.fixture.stubPage(3, ZohoWireMock.json(400, "error-internal.json"));
		JobExecution old = this.jobRuns.run("test");
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json"));
		this.jobRuns.run("test");

		// when / then
		assertThatThrownBy(() -> this.jobRuns.restart(old.getId())).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("older than the last completed run")
			.extracting(ex -> ((ZohoBatchException) ex).reason())
			.isEqualTo(FailureReason.CONFIGURATION);
	}

	@Test
	void aCompletedExecutionIsNotRestarted() throws Exception {
		JobExecution completed = this.jobRuns.run("test");

		assertThatThrownBy(() -> this.jobRuns.restart(completed.getId())).isInstanceOf(ZohoBatchException.class)
			.hasMessageContaining("Execution " + completed.getId() + " cannot be restarted: it completed");
		assertThat(this.jobRuns.restartLastFailed("test", false)).isEmpty();
	}

	@Test
	void anUnknownExecutionIsAConfigurationErrorForEveryCommand() {
		for (org.assertj.core.api.ThrowableAssert.ThrowingCallable command : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
				() -> this.jobRuns.restart(999_999), () -> this.jobRuns.stop(999_999),
				() -> this.jobRuns.abandon(999_999))) {
			assertThatThrownBy(command).isInstanceOf(ZohoBatchException.class)
				.hasMessageContaining("No execution 999999 of zohoActiveUsersJob")
				.extracting(ex -> ((ZohoBatchException) ex).reason())
				.isEqualTo(FailureReason.CONFIGURATION);
		}
	}

	private JobExecution runTest() {
		try {
			return this.jobRuns.run("test");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private long awaitCommittedChunks(int chunks) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.fixture.jdbc()
				.sql("select coalesce(max(commit_count), 0) from batch_step_execution "
						+ "where step_name = 'aggregateUsers'")
				.query(Long.class)
				.single() >= chunks);
		return this.fixture.jdbc()
			.sql("select max(job_execution_id) from batch_job_execution")
			.query(Long.class)
			.single();
	}

}
