package io.github.zohousersbatch.auth;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.step.tasklet.Tasklet;

/**
 * First step of every execution, restarts included: makes sure the connection has a refresh token and a
 * valid access token before any page is read. Failures carry their reason: {@code NO_REFRESH_TOKEN} or
 * {@code TOKEN_REJECTED}.
 */
public class TokenValidationTasklet implements Tasklet {

	private final AccessTokens accessTokens;

	private final String connectionName;

	public TokenValidationTasklet(AccessTokens accessTokens, String connectionName) {
		this.accessTokens = accessTokens;
		this.connectionName = connectionName;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		this.accessTokens.current(this.connectionName);
		return RepeatStatus.FINISHED;
	}

}
