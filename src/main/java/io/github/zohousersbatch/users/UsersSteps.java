package io.github.zohousersbatch.users;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.listener.ExecutionContextPromotionListener;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job's steps that belong to this package, built where their reader, processor,
 * writer and tasklet live: read every users page, stage every usable user read; then
 * reconcile, which keeps the active ones.
 */
@Component
public class UsersSteps {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final ItemStreamReader<UserEntry> usersReader;

	private final ItemProcessor<UserEntry, UserEntry> usableUserCheck;

	private final ItemStreamWriter<UserEntry> usersWriter;

	private final SkipPolicy unusableUsersSkipPolicy;

	private final SkipListener<UserEntry, UserEntry> rejectedUsersRecorder;

	private final ReconcileUsersTasklet reconciliation;

	private final JobProperties properties;

	UsersSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, ZohoUsersReader usersReader,
			UsableUserCheck usableUserCheck, UserStagingWriter usersWriter, SkipPolicy unusableUsersSkipPolicy,
			RejectedUsersRecorder rejectedUsersRecorder, ReconcileUsersTasklet reconciliation,
			JobProperties properties) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.usersReader = usersReader;
		this.usableUserCheck = usableUserCheck;
		this.usersWriter = usersWriter;
		this.unusableUsersSkipPolicy = unusableUsersSkipPolicy;
		this.rejectedUsersRecorder = rejectedUsersRecorder;
		this.reconciliation = reconciliation;
		this.properties = properties;
	}

	/**
	 * {@value ZohoJob#AGGREGATE_USERS_STEP}: one page per chunk, each chunk committing
	 * the staged users with the reader's position; the read pass that counts is handed on
	 * to reconciliation in the job's context.
	 */
	public Step aggregateUsers() {
		ExecutionContextPromotionListener handOver = new ExecutionContextPromotionListener();
		handOver.setKeys(ReadPosition.HANDED_TO_RECONCILIATION);
		return new StepBuilder(ZohoJob.AGGREGATE_USERS_STEP, this.jobRepository)
			.<UserEntry, UserEntry>chunk(this.properties.pageSize())
			.transactionManager(this.transactionManager)
			.reader(this.usersReader)
			.processor(this.usableUserCheck)
			.writer(this.usersWriter)
			.faultTolerant()
			.skipPolicy(this.unusableUsersSkipPolicy)
			.skipListener(this.rejectedUsersRecorder)
			.listener(handOver)
			.build();
	}

	/**
	 * {@value ZohoJob#RECONCILE_USERS_STEP}: once every page was read and the read added
	 * up.
	 */
	public Step reconcileUsers() {
		return new StepBuilder(ZohoJob.RECONCILE_USERS_STEP, this.jobRepository)
			.tasklet(this.reconciliation, this.transactionManager)
			.listener((StepExecutionListener) this.reconciliation)
			.build();
	}

}
