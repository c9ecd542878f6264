package io.github.zohousersbatch.job;

import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.auth.TokenValidationTasklet;
import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.metrics.MetricsTextFile;
import io.github.zohousersbatch.users.AggregationProperties;
import io.github.zohousersbatch.users.UserEntry;
import io.github.zohousersbatch.users.UsersStepConfiguration;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.repository.ExecutionContextSerializer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.dao.JacksonExecutionContextStringSerializer;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job as the design card reads: validate the token, record the organisation's licences, read the users page
 * by page, keep the active ones, upsert them, then reconcile the users no longer seen.
 */
@Configuration(proxyBeanMethods = false)
class ActiveUsersJobConfiguration {

	static final String JOB_NAME = "zohoActiveUsersJob";

	@Bean
	Job zohoActiveUsersJob(JobRepository jobRepository, Step validateTokenStep, Step recordOrgLicenceStep,
			Step aggregateUsersStep, Step reconcileUsersStep, JobFailureListener jobFailureListener,
			ExecutionSummaryListener executionSummaryListener, MetricsTextFile metricsTextFile, Retrying retrying) {
		return new JobBuilder(JOB_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { JobParameterNames.CONNECTION,
					JobParameterNames.RUN_ID }, new String[0]))
			.listener(jobFailureListener)
			.listener(executionSummaryListener)
			.listener(metricsTextFile)
			.listener(new JobExecutionListener() {
				@Override
				public void afterJob(JobExecution execution) {
					retrying.forget(execution.getId());
				}
			})
			.start(validateTokenStep)
			.next(recordOrgLicenceStep)
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

	/** Once per run: a restart does not read the licence again. */
	@Bean
	Step recordOrgLicenceStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet orgLicenceTasklet) {
		return new StepBuilder("recordOrgLicence", jobRepository).tasklet(orgLicenceTasklet, transactionManager).build();
	}

	@Bean
	Step aggregateUsersStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ItemStreamReader<UserEntry> usersReader, ItemProcessor<UserEntry, UserEntry> activeUserFilter,
			ItemStreamWriter<UserEntry> usersWriter, SkipPolicy unusableUsersSkipPolicy,
			SkipListener<UserEntry, UserEntry> rejectedUsersRecorder, AggregationProperties properties) {
		return new StepBuilder(UsersStepConfiguration.AGGREGATE_STEP, jobRepository)
			.<UserEntry, UserEntry>chunk(properties.pageSize())
			.transactionManager(transactionManager)
			.reader(usersReader)
			.processor(activeUserFilter)
			.writer(usersWriter)
			.faultTolerant()
			.skipPolicy(unusableUsersSkipPolicy)
			.skipListener(rejectedUsersRecorder)
			.build();
	}

	@Bean
	Step reconcileUsersStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet reconcileUsersTasklet) {
		return new StepBuilder("reconcileUsers", jobRepository).tasklet(reconcileUsersTasklet, transactionManager)
			.build();
	}

	@Bean
	@StepScope
	TokenValidationTasklet tokenValidationTasklet(AccessTokens accessTokens,
			@Value("#{jobParameters['connection']}") String connection) {
		return new TokenValidationTasklet(accessTokens, connection);
	}

	/** Readable JSON in the step and job contexts; they hold positions and counts, never tokens. */
	@Bean
	ExecutionContextSerializer executionContextSerializer() {
		return new JacksonExecutionContextStringSerializer();
	}

}
