package io.github.zohousersbatch.job;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoWireMock;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.job.ExecutionDetails.Detail;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code status EXECUTION_ID}'s view of an execution: its steps, and what {@code restart}
 * would do with it.
 */
@ZohoBatchTest
class ExecutionDetailsFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	ExecutionDetails details;

	@Autowired
	JobRuns jobRuns;

	@Autowired
	ConnectionLock locks;

	@Test
	void failureOnPageThreeWouldResumeAtPageThree() throws Exception {
		// given
		JobExecution failed = failOnPageThree();

		// when
		Detail detail = this.details.find(failed.getId()).orElseThrow();

		// then
		assertThat(detail.restartable()).isTrue();
		assertThat(detail.restart())
			.isEqualTo("restart would validate the token again, then read users page 2 again to "
					+ "check that Zoho's list still lines up, then resume at users page 3, offset 0 (10 users read before): "
					+ "zoho-users-batch restart " + failed.getId());
		assertThat(detail.execution().getStepExecutions())
			.extracting(step -> step.getStepName(), step -> step.getStatus())
			.containsExactlyInAnyOrder(tuple("validateToken", BatchStatus.COMPLETED),
					tuple("recordOrgLicence", BatchStatus.COMPLETED), tuple("aggregateUsers", BatchStatus.FAILED));
		assertThat(detail.process()).matches(".+ \\(pid " + ProcessHandle.current().pid() + "\\)");
	}

	@Test
	void failureBeforeAnyPageWouldReadFromPageOne() throws Exception {
		// given: never authorized
		JobExecution failed = this.jobRuns.run("test");

		// when
		Detail detail = this.details.find(failed.getId()).orElseThrow();

		// then
		assertThat(detail.restartable()).isTrue();
		assertThat(detail.restart())
			.endsWith("then read the users from page 1: zoho-users-batch restart " + failed.getId());
	}

	@Test
	void completedAbandonedRestartedAndSupersededExecutionsCannotBeRestarted() throws Exception {
		// given
		JobExecution failed = failOnPageThree();
		this.fixture.stubPage(3, ZohoWireMock.json("users-page-3.json"));
		JobExecution restarted = this.jobRuns.restart(failed.getId());
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));
		JobExecution abandoned = this.jobRuns.abandon(this.jobRuns.run("test").getId());
		JobExecution superseded = this.jobRuns.run("test");
		this.fixture.complete("test", "users-page-", 4);

		// when / then
		assertThat(this.details.find(restarted.getId()).orElseThrow()).extracting(Detail::restartable, Detail::restart)
			.containsExactly(false, "cannot be restarted: it completed");
		assertThat(this.details.find(failed.getId()).orElseThrow().restart())
			.isEqualTo("cannot be restarted: it was already restarted as execution " + restarted.getId()
					+ " (COMPLETED); restart that one (see: zoho-users-batch status " + restarted.getId() + ")");
		assertThat(this.details.find(abandoned.getId()).orElseThrow().restart())
			.isEqualTo("cannot be restarted: it was abandoned");
		assertThat(this.details.find(superseded.getId()).orElseThrow()).satisfies(detail -> {
			assertThat(detail.restartable()).isFalse();
			assertThat(detail.restart())
				.startsWith("cannot be restarted: it belongs to a run older than the last "
						+ "completed run of connection 'test'")
				.endsWith("abandon " + superseded.getId());
		});
	}

	@Test
	void anExecutionLeftRunningIsLiveWhileItsLockIsHeldAndRecoverableOtherwise() throws Exception {
		// given: the metadata says running, as after a kill -9
		JobExecution failed = failOnPageThree();
		this.fixture.jdbc()
			.sql("update batch_job_execution set status = 'STARTED', end_time = null where job_execution_id = ?")
			.param(failed.getId())
			.update();

		// when / then: another process holds the connection's lock
		try (ConnectionLock.Held held = this.locks.tryAcquire("test").orElseThrow()) {
			Detail live = this.details.find(failed.getId()).orElseThrow();
			assertThat(live.restartable()).isFalse();
			assertThat(live.restart()).isEqualTo(
					"cannot be restarted: it is running; stop it with: zoho-users-batch " + "stop " + failed.getId());
		}
		// when / then: no process holds it
		Detail dead = this.details.find(failed.getId()).orElseThrow();
		assertThat(dead.restartable()).isTrue();
		assertThat(dead.restart()).startsWith("its process ended without finishing it")
			.endsWith("resume at users page 3, offset 0 (10 users read before): zoho-users-batch restart "
					+ failed.getId());
	}

	@Test
	void unknownExecutionIsEmpty() {
		assertThat(this.details.find(424242L)).isEmpty();
	}

	private JobExecution failOnPageThree() throws Exception {
		this.fixture.authorized("test");
		this.fixture.stubPages("users-page-", 4);
		this.fixture.stubPage(3, ZohoWireMock.json(500, "error-internal.json"));
		JobExecution failed = this.jobRuns.run("test");
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		return failed;
	}

}
