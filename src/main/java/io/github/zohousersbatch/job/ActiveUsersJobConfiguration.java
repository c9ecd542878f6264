package io.github.zohousersbatch.job;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.TokenValidationTasklet;
import io.github.zohousersbatch.users.ActiveUserFilter;
import io.github.zohousersbatch.users.ReconcileUsersTasklet;
import io.github.zohousersbatch.users.UserAggregationWriter;
import io.github.zohousersbatch.users.ZohoUser;
import io.github.zohousersbatch.users.ZohoUsersClient;
import io.github.zohousersbatch.users.ZohoUsersReader;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job as the design card reads: validate the token, read the users page by page, keep the active ones,
 * upsert them, then reconcile the users no longer seen.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobProperties.class)
class ActiveUsersJobConfiguration {

	static final String JOB_NAME = "zohoActiveUsersJob";

	static final String AGGREGATE_STEP = "aggregateUsers";

	@Bean
	Job zohoActiveUsersJob(JobRepository jobRepository, Step validateTokenStep, Step aggregateUsersStep,
			Step reconcileUsersStep, JobFailureListener jobFailureListener,
			ExecutionSummaryListener executionSummaryListener) {
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { JobParameterNames.CONNECTION,
					JobParameterNames.RUN_ID }, new String[0]))
			.listener(jobFailureListener)
			.listener(executionSummaryListener)
			.start(validateTokenStep)
			.next(aggregateUsersStep)
			.next(reconcileUsersStep)
			.build();
	}

	@Bean
	Step validateTokenStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			TokenValidationTasklet tokenValidationTasklet) {
		return new StepBuilder("validateToken", jobRepository).tasklet(tokenValidationTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step aggregateUsersStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ZohoUsersReader usersReader, ActiveUserFilter activeUserFilter, UserAggregationWriter usersWriter,
			JobProperties properties) {
		return new StepBuilder(AGGREGATE_STEP, jobRepository).<ZohoUser, ZohoUser>chunk(properties.pageSize())
			.transactionManager(transactionManager)
			.reader(usersReader)
			.processor(activeUserFilter)
			.writer(usersWriter)
			.build();
	}

	@Bean
	Step reconcileUsersStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ReconcileUsersTasklet reconcileUsersTasklet) {
		return new StepBuilder("reconcileUsers", jobRepository).tasklet(reconcileUsersTasklet, transactionManager)
			.build();
	}

	@Bean
	@StepScope
	TokenValidationTasklet tokenValidationTasklet(AccessTokens accessTokens,
			@Value("#{jobParameters['connection']}") String connection) {
		return new TokenValidationTasklet(accessTokens, connection);
	}

	@Bean
	@StepScope
	ZohoUsersReader usersReader(ZohoUsersClient client, AccessTokens accessTokens, JobProperties properties,
			@Value("#{jobParameters['connection']}") String connection) {
		return new ZohoUsersReader(client, accessTokens, connection, properties.pageSize());
	}

	@Bean
	ActiveUserFilter activeUserFilter() {
		return new ActiveUserFilter();
	}

	@Bean
	@StepScope
	UserAggregationWriter usersWriter(JdbcTemplate jdbcTemplate, @Value("#{stepExecution}") StepExecution step) {
		return new UserAggregationWriter(jdbcTemplate, step.getJobExecution().getJobParameters().getString(
				JobParameterNames.CONNECTION), step.getJobExecution().getJobInstance().getInstanceId());
	}

	@Bean
	ReconcileUsersTasklet reconcileUsersTasklet(JdbcClient jdbcClient, JobRepository jobRepository) {
		return new ReconcileUsersTasklet(jdbcClient, jobRepository, AGGREGATE_STEP);
	}

	/** Readable JSON in the step and job contexts; they hold positions and counts, never tokens. */
	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

}
