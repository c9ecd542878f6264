package io.github.zohousersbatch.users;

import io.github.zohousersbatch.auth.AccessTokens;
import java.util.Set;

import io.github.zohousersbatch.http.Retrying;
import io.github.zohousersbatch.metrics.RunMetrics;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.core.step.skip.SkipPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The parts of the aggregation steps, one per execution: reader, filter, writer, the recorder of skipped records,
 * and reconciliation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregationProperties.class)
public class UsersStepConfiguration {

	/** Name of the chunk step; its execution context holds the reader's position. */
	public static final String AGGREGATE_STEP = "aggregateUsers";

	// closed by the step as an ItemStream, never by scope destruction: an operator's stop in the same JVM
	// releases the step scope while the step still reads
	@Bean(destroyMethod = "")
	@StepScope
	ZohoUsersReader usersReader(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying,
			AggregationProperties properties, RunMetrics metrics,
			@Value("#{jobParameters['connection']}") String connection) {
		UsersPageFetcher fetcher = new UsersPageFetcher(client, accessTokens, retrying, connection,
				properties.pageSize(), properties.prefetch());
		return new ZohoUsersReader(fetcher, connection, properties.maxPages(), metrics);
	}

	@Bean
	ActiveUserFilter activeUserFilter() {
		return new ActiveUserFilter();
	}

	@Bean
	@StepScope
	UserAggregationWriter usersWriter(JdbcTemplate jdbcTemplate, @Value("#{stepExecution}") StepExecution step) {
		return new UserAggregationWriter(jdbcTemplate, connection(step), step.getJobExecution().getJobInstance().getInstanceId());
	}

	@Bean
	@StepScope
	RejectedUsersRecorder rejectedUsersRecorder(JdbcClient jdbcClient, @Value("#{stepExecution}") StepExecution step) {
		return new RejectedUsersRecorder(jdbcClient, connection(step), step.getJobExecutionId());
	}

	/** Unusable records are skipped up to the limit; anything else fails the chunk. */
	@Bean
	SkipPolicy unusableUsersSkipPolicy(AggregationProperties properties) {
		return new LimitCheckingExceptionHierarchySkipPolicy(Set.of(UnusableUserException.class),
				properties.skipLimit());
	}

	@Bean
	ReconcileUsersTasklet reconcileUsersTasklet(JdbcClient jdbcClient, JobRepository jobRepository,
			AggregationProperties properties) {
		return new ReconcileUsersTasklet(jdbcClient, jobRepository, AGGREGATE_STEP, properties.maxDeactivationShare());
	}

	private static String connection(StepExecution step) {
		return step.getJobExecution().getJobParameters().getString("connection");
	}

}
