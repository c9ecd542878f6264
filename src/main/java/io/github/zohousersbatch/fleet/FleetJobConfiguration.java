package io.github.zohousersbatch.fleet;

import com.zaxxer.hikari.HikariDataSource;
import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.job.ExecutionHistory;
import io.github.zohousersbatch.job.JobRuns;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * {@value ZohoJob#FLEET_NAME}: one partitioned step whose partitions are the fleet run's
 * connections, each running {@value ZohoJob#NAME} through {@link JobRuns}, at most
 * {@code zoho.fleet.concurrency} at once. A restart of the fleet runs again only the
 * partitions that did not complete (Spring Batch's partition restart), and each of those
 * resumes its connection's own execution.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FleetProperties.class)
class FleetJobConfiguration {

	@Bean
	Job zohoFleetJob(JobRepository jobRepository, Step runConnections, FleetOutcomes outcomes) {
		return new JobBuilder(ZohoJob.FLEET_NAME, jobRepository)
			.validator(new DefaultJobParametersValidator(new String[] { ZohoJob.RUN_ID }, new String[0]))
			.listener(new FleetListener(outcomes))
			.start(runConnections)
			.build();
	}

	/** The partitions run in this process; a manager's are sent to workers instead. */
	@Bean
	@ConditionalOnExpression("'${zoho.fleet.role:local}' != '" + FleetProperties.MANAGER + "'")
	Step runConnections(JobRepository jobRepository, ConnectionPartitioner connectionPartitioner,
			ObjectProvider<JobRuns> runs, ExecutionHistory history, ThreadPoolTaskExecutor fleetExecutor,
			FleetProperties properties) throws Exception {
		RunConnectionStep runConnection = new RunConnectionStep(jobRepository, runs, history);
		runConnection.afterPropertiesSet();
		return new StepBuilder(ZohoJob.RUN_CONNECTIONS_STEP, jobRepository)
			.partitioner(ZohoJob.RUN_CONNECTION_STEP, connectionPartitioner)
			.step(runConnection)
			.taskExecutor(fleetExecutor)
			.gridSize(properties.concurrency())
			.build();
	}

	@Bean
	@StepScope
	ConnectionPartitioner connectionPartitioner(FleetMembers members,
			@Value("#{jobParameters['" + ZohoJob.RUN_ID + "']}") String fleetRunId) {
		return new ConnectionPartitioner(members.of(fleetRunId), fleetRunId);
	}

	/** The threads partitions run on: {@code zoho.fleet.concurrency} of them. */
	@Bean
	ThreadPoolTaskExecutor fleetExecutor(FleetProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(properties.concurrency());
		executor.setMaxPoolSize(properties.concurrency());
		executor.setThreadNamePrefix("fleet-");
		executor.setWaitForTasksToCompleteOnShutdown(true);
		return executor;
	}

	/**
	 * Enough database sessions for the connections running at once: each holds its lock
	 * on one session and works on another, besides the fleet's own bookkeeping.
	 */
	@Bean
	static BeanPostProcessor fleetPoolSize(Environment environment) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof HikariDataSource pool) {
					int concurrency = FleetProperties.of(environment).concurrency();
					pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), 2 * concurrency + 2));
				}
				return bean;
			}

		};
	}

}
