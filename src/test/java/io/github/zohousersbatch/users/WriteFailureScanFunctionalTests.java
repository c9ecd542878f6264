package io.github.zohousersbatch.users;

import java.util.Set;

import io.github.zohousersbatch.ZohoBatchTest;
import io.github.zohousersbatch.ZohoFixture;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users step made to skip failed writes, as a fault-tolerant configuration would:
 * PostgreSQL refuses every statement that stages page 2 whole, so Spring Batch rolls the
 * chunk back and writes it again user by user (scan mode). Only what the processor
 * emitted is written again, so every user must be in the chunk the writer is given:
 * nobody of page 2 is lost, no active user is marked removed.
 */
@ZohoBatchTest
class WriteFailureScanFunctionalTests {

	// an active user of page 2
	static final String REFUSED_WITH_OTHERS = "4150868000000231013";

	@Autowired
	ZohoFixture fixture;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	JobOperator jobOperator;

	@Autowired
	PlatformTransactionManager transactionManager;

	@Autowired
	ConnectionLock locks;

	@Autowired
	ZohoUsersReader usersReader;

	@Autowired
	UsableUserCheck usableUserCheck;

	@Autowired
	UserStagingWriter usersWriter;

	@Autowired
	RejectedUsersRecorder rejectedUsersRecorder;

	@Autowired
	UsersSteps users;

	@AfterEach
	void stagingAcceptsEverythingAgain() {
		this.fixture.jdbc().sql("drop trigger if exists refuse_insert on zoho_user_staging").update();
		this.fixture.jdbc().sql("drop trigger if exists refuse_update on zoho_user_staging").update();
		this.fixture.jdbc().sql("drop function if exists refuse_page_with_user").update();
	}

	@Test
	void aChunkWrittenAgainUserByUserLosesNobody() throws Exception {
		// given: a completed run saw the ten active users; staging then refuses any
		// statement of more than one user that includes one of page 2
		this.fixture.authorized("test");
		this.fixture.complete("test", "users-page-", 4);
		refuseStatementsOfSeveralUsersWith(REFUSED_WITH_OTHERS);

		// when
		JobExecution execution;
		try (ConnectionLock.Held lock = this.locks.tryAcquire("test").orElseThrow()) {
			execution = this.jobOperator.start(jobSkippingFailedWrites(),
					new JobParametersBuilder().addString(ZohoJob.CONNECTION, "test")
						.addString(ZohoJob.RUN_ID, "scan")
						.toJobParameters());
		}

		// then
		assertThat(execution.getStatus()).as(execution.getExitStatus().toString()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution aggregate = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(ZohoJob.AGGREGATE_USERS_STEP))
			.findFirst()
			.orElseThrow();
		assertThat(aggregate.getRollbackCount()).as("page 2 rolled back and scanned").isPositive();
		assertThat(aggregate.getWriteSkipCount()).as("each user written alone is accepted").isZero();
		assertThat(aggregate.getWriteCount()).isEqualTo(17);
		assertThat(UserStagingWriter.inactiveIn(aggregate.getExecutionContext())).isEqualTo(7);
		assertThat(this.fixture.activeIds("test")).containsExactlyElementsOf(ZohoFixture.ACTIVE_IDS);
		assertThat(this.fixture.jdbc()
			.sql("select count(*) from zoho_user_aggregation where departure is not null")
			.query(Long.class)
			.single()).isZero();
		assertThat(this.fixture.jdbc()
			.sql("select users_read, users_active, users_filtered from zoho_aggregation_run "
					+ "where job_instance_id = ?")
			.param(execution.getJobInstance().getInstanceId())
			.query()
			.singleRow()).containsEntry("users_read", 17L)
			.containsEntry("users_active", 10L)
			.containsEntry("users_filtered", 7L);
	}

	// aggregateUsers with a write skip added, then the job's reconciliation
	private Job jobSkippingFailedWrites() {
		ExecutionContextPromotionListener handOver = new ExecutionContextPromotionListener();
		handOver.setKeys(ReadPosition.HANDED_TO_RECONCILIATION);
		Step aggregate = new StepBuilder(ZohoJob.AGGREGATE_USERS_STEP, this.jobRepository)
			.<UserEntry, UserEntry>chunk(5)
			.transactionManager(this.transactionManager)
			.reader(this.usersReader)
			.processor(this.usableUserCheck)
			.writer(this.usersWriter)
			.faultTolerant()
			.skipPolicy(new LimitCheckingExceptionHierarchySkipPolicy(
					Set.of(UnusableUserException.class, DataAccessException.class), 5))
			.skipListener(this.rejectedUsersRecorder)
			.listener(handOver)
			.build();
		return new JobBuilder("scanModeJob", this.jobRepository).start(aggregate)
			.next(this.users.reconcileUsers())
			.build();
	}

	private void refuseStatementsOfSeveralUsersWith(String userId) {
		this.fixture.jdbc().sql("""
				create function refuse_page_with_user() returns trigger language plpgsql as $$
				begin
				    if (select count(*) from staged) > 1
				            and exists (select 1 from staged where zoho_user_id = '%s') then
				        raise exception 'staging refuses a statement of several users with user %s';
				    end if;
				    return null;
				end $$""".formatted(userId, userId)).update();
		for (String event : new String[] { "insert", "update" }) {
			this.fixture.jdbc()
				.sql("create trigger refuse_" + event + " after " + event + " on zoho_user_staging "
						+ "referencing new table as staged for each statement execute function refuse_page_with_user()")
				.update();
		}
	}

}
