package io.github.zohousersbatch.users;

import java.util.Set;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.auth.AccessTokens;
import io.github.zohousersbatch.db.ConnectionLock;
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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The parts of the users steps ({@link UsersSteps}): reader, writer and the recorder of
 * skipped records, one per step execution; the filter, the skip policy and
 * reconciliation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobProperties.class)
class UsersConfiguration {

	// closed by the step as an ItemStream, never by scope destruction: an operator's stop
	// in the same JVM
	// releases the step scope while the step still reads
	@Bean(destroyMethod = "")
	@StepScope
	ZohoUsersReader usersReader(ZohoUsersClient client, AccessTokens accessTokens, Retrying retrying,
			UserStaging staging, ListingDifferences differences, JobProperties properties, ConcurrencyCeiling ceiling,
			RunMetrics metrics, UsersCountAhead countAhead, @Value("#{stepExecution}") StepExecution step) {
		String connection = connection(step);
		UsersCalls calls = new UsersCalls(client, accessTokens, retrying, retrying.budgetOf(step.getJobExecutionId()),
				connection);
		UsersPageFetcher fetcher = new UsersPageFetcher(client, calls, properties.pageSize(), ceiling.of(connection));
		CompletenessFloor floor = new CompletenessFloor(differences, properties.maxDeactivationShare(),
				properties.maxDeactivations());
		CompletenessCheck completeness = new CompletenessCheck(properties.completenessCheck(), staging, differences,
				floor, connection, instanceId(step), () -> countAhead.take(step.getJobExecutionId()));
		return new ZohoUsersReader(fetcher, completeness, connection, properties.maxPages(), metrics);
	}

	@Bean
	UsableUserCheck usableUserCheck() {
		return new UsableUserCheck();
	}

	@Bean
	@StepScope
	UserStagingWriter usersWriter(UserStaging staging, RunMetrics metrics,
			@Value("#{stepExecution}") StepExecution step) {
		return new UserStagingWriter(staging, connection(step), instanceId(step), metrics);
	}

	@Bean
	@StepScope
	RejectedUsersRecorder rejectedUsersRecorder(JdbcClient jdbcClient, UserStaging staging,
			@Value("#{stepExecution}") StepExecution step) {
		return new RejectedUsersRecorder(jdbcClient, staging, connection(step), instanceId(step),
				step.getJobExecutionId());
	}

	/**
	 * Records without a usable id or status are skipped up to the limit; anything else
	 * fails the chunk.
	 */
	@Bean
	SkipPolicy unusableUsersSkipPolicy(JobProperties properties) {
		return new LimitCheckingExceptionHierarchySkipPolicy(Set.of(UnusableUserException.class),
				properties.skipLimit());
	}

	@Bean
	ReconcileUsersTasklet reconcileUsersTasklet(JdbcClient jdbcClient, JobRepository jobRepository, UserStaging staging,
			UserAggregation aggregation, UserChanges changes, ConnectionLock locks, PlannerStatistics statistics,
			JobProperties properties) {
		MassDeactivationGuard guard = new MassDeactivationGuard(jdbcClient, jobRepository,
				properties.maxDeactivationShare(), properties.maxDeactivations());
		return new ReconcileUsersTasklet(jdbcClient, staging, aggregation, changes, guard, locks, statistics);
	}

	private static String connection(StepExecution step) {
		return step.getJobExecution().getJobParameters().getString(ZohoJob.CONNECTION);
	}

	private static long instanceId(StepExecution step) {
		return step.getJobExecution().getJobInstance().getInstanceId();
	}

}
