package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job's step that belongs to this package, built where its tasklet lives.
 */
@Component
public class TokenSteps {

	private final JobRepository jobRepository;

	private final PlatformTransactionManager transactionManager;

	private final TokenValidationTasklet tokenValidation;

	TokenSteps(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			TokenValidationTasklet tokenValidation) {
		this.jobRepository = jobRepository;
		this.transactionManager = transactionManager;
		this.tokenValidation = tokenValidation;
	}

	/**
	 * {@value ZohoJob#VALIDATE_TOKEN_STEP}: run again by every restart, so that a revoked
	 * token stops it early.
	 */
	public Step validateToken() {
		return new StepBuilder(ZohoJob.VALIDATE_TOKEN_STEP, this.jobRepository)
			.tasklet(this.tokenValidation, this.transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

}
