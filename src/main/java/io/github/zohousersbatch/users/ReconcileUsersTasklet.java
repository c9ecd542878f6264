package io.github.zohousersbatch.users;

import io.github.zohousersbatch.FailureReason;
import io.github.zohousersbatch.ZohoBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs once every page has been read: users of this connection not seen active in this job instance are
 * marked inactive, and the completed run is recorded in {@code zoho_aggregation_run}. Both happen in the
 * step's transaction, so a run is either fully reconciled and recorded or not at all.
 */
public class ReconcileUsersTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(ReconcileUsersTasklet.class);

	private final JdbcClient jdbc;

	private final JobRepository jobRepository;

	private final String aggregateStepName;

	public ReconcileUsersTasklet(JdbcClient jdbc, JobRepository jobRepository, String aggregateStepName) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.aggregateStepName = aggregateStepName;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		JobExecution execution = step.getJobExecution();
		JobInstance instance = execution.getJobInstance();
		String connection = execution.getJobParameters().getString("connection");
		long instanceId = instance.getInstanceId();

		int deactivated = this.jdbc.sql("""
				update zoho_user_aggregation set active = false, deactivated_at = now()
				where connection_name = ? and active and last_job_instance_id <> ?
				""").params(connection, instanceId).update();
		long active = this.jdbc.sql("""
				select count(*) from zoho_user_aggregation
				where connection_name = ? and active and last_job_instance_id = ?
				""").params(connection, instanceId).query(Long.class).single();

		ExecutionContext aggregate = aggregateContext(instance);
		long read = aggregate.getLong(ZohoUsersReader.READ, 0L);
		long written = aggregate.getLong(UserAggregationWriter.WRITTEN, 0L);
		this.jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
				select ?, min(e.job_execution_id), ?, ?, min(e.start_time) at time zone current_setting('TimeZone'),
				    now(), ?, ?, ?, ?
				from batch_job_execution e where e.job_instance_id = ?
				on conflict (job_instance_id) do nothing
				""").params(instanceId, execution.getId(), connection, read, active, read - written, deactivated,
				instanceId).update();
		contribution.incrementWriteCount(deactivated);
		log.info("Reconciled connection '{}': {} users read, {} active, {} filtered, {} deactivated", connection,
				read, active, read - written, deactivated);
		return RepeatStatus.FINISHED;
	}

	private ExecutionContext aggregateContext(JobInstance instance) {
		StepExecution aggregate = this.jobRepository.getLastStepExecution(instance, this.aggregateStepName);
		if (aggregate == null) {
			throw new ZohoBatchException(FailureReason.FAILED,
					"Cannot reconcile: no " + this.aggregateStepName + " step ran in job instance " + instance.getInstanceId());
		}
		return aggregate.getExecutionContext();
	}

}
