package io.github.zohousersbatch.auth;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * First step of every execution, restarts included: makes sure the connection has a
 * refresh token and a valid access token before any page is read. Failures carry their
 * reason: {@code NO_REFRESH_TOKEN} or {@code TOKEN_REJECTED}.
 */
@Component
class TokenValidationTasklet implements Tasklet {

	private final AccessTokens accessTokens;

	TokenValidationTasklet(AccessTokens accessTokens) {
		this.accessTokens = accessTokens;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		this.accessTokens.current(
				contribution.getStepExecution().getJobExecution().getJobParameters().getString(ZohoJob.CONNECTION));
		return RepeatStatus.FINISHED;
	}

}
