package io.github.zohousersbatch.users;

import java.time.LocalDateTime;
import java.util.Map;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconcileUsers} launched alone ({@link JobOperatorTestUtils#startStep}) on a run
 * whose pages were all read by an earlier execution: the read pass is in the job's
 * context as the read step hands it over, the users it saw are staged, and the
 * connection's lock is taken first, as {@code run} does. It applies the last pass only,
 * deactivates who that pass did not see active, records the run and forgets the staged
 * rows; it changes nothing when the mass-deactivation guard refuses, nor when this
 * process does not hold the connection's lock.
 */
@ZohoBatchTest
class ReconcileUsersStepFunctionalTests {

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ConnectionLock locks;

	@Test
	void theLastPassIsAppliedTheUnseenDeactivatedAndTheRunRecorded() {
		// given: five users counted as active; the run read twice, and its second pass
		// saw
		// two of them active, one without a usable status, one disabled, a new active
		// user, and a record without an id
		for (String id : new String[] { "101", "102", "103", "104", "105" }) {
			activeBefore(id);
		}
		JobExecution earlier = earlierExecutionThatReadEverything();
		long run = earlier.getJobInstance().getInstanceId();
		staged(run, 1, "105", true);
		staged(run, 2, "101", true);
		staged(run, 2, "102", true);
		staged(run, 2, "103", null);
		staged(run, 2, "104", false);
		staged(run, 2, "106", true);

		// when
		JobExecution execution = reconcileWithTheLock(readPass(2, 1));

		// then
		StepExecution step = execution.getStepExecutions().iterator().next();
		assertThat(step.getStatus()).as(step.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step.getWriteCount()).as("users deactivated").isEqualTo(2);
		assertThat(this.fixture.activeIds("test")).containsExactly("101", "102", "103", "106");
		assertThat(this.fixture.jdbc()
			.sql("select zoho_user_id from zoho_user_aggregation where not active and deactivated_at is not null "
					+ "order by 1")
			.query(String.class)
			.list()).containsExactly("104", "105");
		Map<String, Object> recorded = this.fixture.jdbc()
			.sql("select * from zoho_aggregation_run")
			.query()
			.singleRow();
		assertThat(recorded).containsEntry("job_instance_id", run)
			.containsEntry("connection_name", "test")
			.containsEntry("first_execution_id", earlier.getId())
			.containsEntry("last_execution_id", execution.getId())
			.containsEntry("users_read", 6L)
			.containsEntry("users_active", 3L)
			.containsEntry("users_filtered", 1L)
			.containsEntry("users_deactivated", 2L)
			.containsEntry("mass_deactivation_allowed", false);
		// what stays staged is the last pass of this run, for the Snow hand-off
		assertThat(this.fixture.jdbc()
			.sql("select zoho_user_id from zoho_user_staging where job_instance_id = ? and read_pass = 2 order by 1")
			.param(run)
			.query(String.class)
			.list()).containsExactly("101", "102", "103", "104", "106");
		assertThat(stagedRows()).isEqualTo(5);
	}

	@Test
	void aDeactivationOfMostUsersIsRefusedAndNothingChanges() {
		// given: four users counted as active; the read saw only one of them
		for (String id : new String[] { "101", "102", "103", "104" }) {
			activeBefore(id);
		}
		long run = earlierExecutionThatReadEverything().getJobInstance().getInstanceId();
		staged(run, 1, "101", true);

		// when
		JobExecution execution = reconcileWithTheLock(readPass(1, 0));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getAllFailureExceptions()).singleElement()
			.isInstanceOfSatisfying(ZohoBatchException.class,
					refusal -> assertThat(refusal.reason()).isEqualTo(FailureReason.MASS_DEACTIVATION))
			.satisfies(refusal -> assertThat(refusal)
				.hasMessageContaining("this run would deactivate 3 of the 4 active users (75%")
				.hasMessageContaining("nothing was changed"));
		assertThat(this.fixture.activeIds("test")).containsExactly("101", "102", "103", "104");
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isZero();
		assertThat(stagedRows()).isOne();
	}

	@Test
	void withoutTheConnectionsLockNothingIsReconciled() {
		// given: a run read everything, but this process does not hold the connection's
		// lock
		activeBefore("101");
		long run = earlierExecutionThatReadEverything().getJobInstance().getInstanceId();
		staged(run, 1, "102", true);

		// when
		JobExecution execution = this.jobOperatorTestUtils.startStep(ZohoJob.RECONCILE_USERS_STEP, ZohoFixture.TEST_RUN,
				readPass(1, 0));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getAllFailureExceptions()).singleElement()
			.satisfies(failure -> assertThat(failure)
				.hasMessageContaining("This process no longer holds the lock of connection 'test'")
				.hasMessageContaining("Nothing was reconciled"));
		assertThat(this.fixture.activeIds("test")).containsExactly("101");
		assertThat(this.fixture.jdbc().sql("select count(*) from zoho_aggregation_run").query(Long.class).single())
			.isZero();
		assertThat(stagedRows()).isOne();
	}

	@Test
	void reconciliationRunsWithoutNestedLoops() {
		// given: a run to reconcile, and a trigger that notes the planner's setting in
		// the
		// transaction that records the run (the one of every reconciliation statement)
		activeBefore("101");
		JobExecution earlier = earlierExecutionThatReadEverything();
		staged(earlier.getJobInstance().getInstanceId(), 1, "101", true);
		this.fixture.jdbc().sql("create table zoho_test_planner_setting (nested_loops text)").update();
		this.fixture.jdbc().sql("""
				create function zoho_test_note_planner_setting() returns trigger language plpgsql as $$
				begin
				    insert into zoho_test_planner_setting values (current_setting('enable_nestloop'));
				    return new;
				end $$
				""").update();
		this.fixture.jdbc()
			.sql("create trigger zoho_test_planner_setting after insert on zoho_aggregation_run "
					+ "for each row execute function zoho_test_note_planner_setting()")
			.update();
		try {
			// when
			JobExecution execution = reconcileWithTheLock(readPass(1, 0));

			// then: statistics taken before a run staged its users would otherwise let
			// the
			// planner compare every staged user with every known one
			assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(this.fixture.jdbc()
				.sql("select nested_loops from zoho_test_planner_setting")
				.query(String.class)
				.list()).containsExactly("off");
			assertThat(this.fixture.jdbc().sql("show enable_nestloop").query(String.class).single()).isEqualTo("on");
		}
		finally {
			this.fixture.jdbc().sql("drop trigger zoho_test_planner_setting on zoho_aggregation_run").update();
			this.fixture.jdbc().sql("drop function zoho_test_note_planner_setting()").update();
			this.fixture.jdbc().sql("drop table zoho_test_planner_setting").update();
		}
	}

	private JobExecution reconcileWithTheLock(ExecutionContext jobContext) {
		try (ConnectionLock.Held lock = this.locks.tryAcquire("test").orElseThrow()) {
			return this.jobOperatorTestUtils.startStep(ZohoJob.RECONCILE_USERS_STEP, ZohoFixture.TEST_RUN, jobContext);
		}
	}

	// what aggregateUsers hands over when it completes
	// (ReadPosition.HANDED_TO_RECONCILIATION)
	private static ExecutionContext readPass(int pass, long unidentified) {
		ExecutionContext context = new ExecutionContext();
		context.putInt("zohoUsersReader.pass", pass);
		context.putLong("zohoUsersReader.unidentified", unidentified);
		return context;
	}

	// the run's first execution, which read every page and ended before reconciling; the
	// step is launched as its restart
	private JobExecution earlierExecutionThatReadEverything() {
		JobInstance instance = this.jobRepository.createJobInstance(JobOperatorTestUtils.JOB_NAME,
				ZohoFixture.TEST_RUN);
		JobExecution execution = this.jobRepository.createJobExecution(instance, ZohoFixture.TEST_RUN,
				new ExecutionContext());
		execution.setStartTime(LocalDateTime.now().minusMinutes(5));
		execution.setEndTime(LocalDateTime.now().minusMinutes(1));
		execution.setStatus(BatchStatus.FAILED);
		execution.setExitStatus(ExitStatus.FAILED);
		this.jobRepository.update(execution);
		return execution;
	}

	private void activeBefore(String id) {
		this.fixture.jdbc().sql("""
				insert into zoho_user_aggregation (connection_name, zoho_user_id, email, status, active, first_seen_at,
				    last_seen_at, last_job_instance_id)
				values ('test', ?, ?, 'active', true, now() - interval '30 days', now() - interval '1 day', 0)
				""").params(id, "user" + id + "@zylker.example").update();
	}

	private void staged(long run, int pass, String id, Boolean active) {
		this.fixture.jdbc()
			.sql("""
					insert into zoho_user_staging (job_instance_id, connection_name, zoho_user_id, read_pass, page, active,
					    status, email)
					values (?, 'test', ?, ?, 1, ?, ?, ?)
					""")
			.params(run, id, pass, active, (active == null) ? null : (active ? "active" : "disabled"),
					"user" + id + "@zylker.example")
			.update();
	}

	private long stagedRows() {
		return this.fixture.jdbc().sql("select count(*) from zoho_user_staging").query(Long.class).single();
	}

}
