package io.github.zohousersbatch.reporting;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job's last step, built where the hand-off lives: {@value ZohoJob#HAND_OVER_STEP}
 * writes the Snow file of a run that reconciled ({@link SnowHandOff}), so that a failed
 * or guard-refused run never hands anything over, and a hand-off that failed (a folder
 * that cannot be written) is all a restart does again.
 */
@Component
public class SnowSteps {

	/** Step context key: the file handed over. */
	public static final String FILE = "snowFile";

	/** Step context key: the users in it. */
	public static final String USERS = "snowUsers";

	/** Step context key: the users billed on its subscription. */
	public static final String BILLABLE = "snowBillable";

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final SnowHandOff handOff;

	SnowSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager, SnowHandOff handOff) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.handOff = handOff;
	}

	/**
	 * {@value ZohoJob#HAND_OVER_STEP}: nothing to do for a connection without a folder.
	 */
	public Step handOverToSnow() {
		return new StepBuilder(ZohoJob.HAND_OVER_STEP, this.jobRepository)
			.tasklet(handOverTasklet(), this.transactionManager)
			.build();
	}

	private Tasklet handOverTasklet() {
		return (StepContribution contribution, ChunkContext chunk) -> {
			StepExecution step = contribution.getStepExecution();
			String connection = step.getJobExecution().getJobParameters().getString(ZohoJob.CONNECTION);
			long instanceId = step.getJobExecution().getJobInstance().getInstanceId();
			this.handOff.handOver(connection, instanceId).ifPresent(handedOver -> {
				ExecutionContext context = step.getExecutionContext();
				context.putString(FILE, handedOver.file().toString());
				context.putLong(USERS, handedOver.counts().users());
				context.putLong(BILLABLE, handedOver.counts().billable());
				contribution.incrementWriteCount(handedOver.counts().users());
			});
			return RepeatStatus.FINISHED;
		};
	}

}
