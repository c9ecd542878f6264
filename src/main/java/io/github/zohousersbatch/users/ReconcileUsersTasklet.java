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
 * step's transaction, so a run is either fully reconciled and recorded or not at all. A run that would
 * deactivate more than the allowed share of the active users (a broken read looks exactly like that) is
 * refused unless an operator allowed it.
 */
public class ReconcileUsersTasklet implements Tasklet {

	/** Job execution context key set by {@code restart --allow-mass-deactivation}. */
	public static final String ALLOW_MASS_DEACTIVATION = "reconcile.allowMassDeactivation";

	private static final Logger log = LoggerFactory.getLogger(ReconcileUsersTasklet.class);

	private final JdbcClient jdbc;

	private final JobRepository jobRepository;

	private final String aggregateStepName;

	private final double maxDeactivationShare;

	ReconcileUsersTasklet(JdbcClient jdbc, JobRepository jobRepository, String aggregateStepName,
			double maxDeactivationShare) {
		this.jdbc = jdbc;
		this.jobRepository = jobRepository;
		this.aggregateStepName = aggregateStepName;
		this.maxDeactivationShare = maxDeactivationShare;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		JobExecution execution = step.getJobExecution();
		JobInstance instance = execution.getJobInstance();
		String connection = execution.getJobParameters().getString("connection");
		long instanceId = instance.getInstanceId();

		guardAgainstMassDeactivation(execution, connection, instanceId);
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
		long filtered = read - written - rejected(instance);
		this.jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated)
				select ?, min(e.job_execution_id), ?, ?, min(e.start_time) at time zone current_setting('TimeZone'),
				    now(), ?, ?, ?, ?
				from batch_job_execution e where e.job_instance_id = ?
				on conflict (job_instance_id) do nothing
				""").params(instanceId, execution.getId(), connection, read, active, filtered, deactivated, instanceId)
			.update();
		contribution.incrementWriteCount(deactivated);
		log.info("Reconciled connection '{}': {} users read, {} active, {} filtered, {} deactivated", connection,
				read, active, filtered, deactivated);
		return RepeatStatus.FINISHED;
	}

	private void guardAgainstMassDeactivation(JobExecution execution, String connection, long instanceId) {
		long currentlyActive = this.jdbc.sql("select count(*) from zoho_user_aggregation where connection_name = ? and active")
			.param(connection)
			.query(Long.class)
			.single();
		long wouldDeactivate = this.jdbc.sql("""
				select count(*) from zoho_user_aggregation
				where connection_name = ? and active and last_job_instance_id <> ?
				""").params(connection, instanceId).query(Long.class).single();
		if (currentlyActive == 0 || wouldDeactivate <= this.maxDeactivationShare * currentlyActive) {
			return;
		}
		String share = String.format("%.0f%%", 100.0 * wouldDeactivate / currentlyActive);
		if (execution.getExecutionContext().containsKey(ALLOW_MASS_DEACTIVATION)) {
			log.warn("Deactivating {} of {} active users of connection '{}' ({}), as an operator allowed",
					wouldDeactivate, currentlyActive, connection, share);
			return;
		}
		throw new ZohoBatchException(FailureReason.MASS_DEACTIVATION, "This run would deactivate " + wouldDeactivate
				+ " of the " + currentlyActive + " active users of connection '" + connection + "' (" + share
				+ ", more than zoho.job.max-deactivation-share=" + this.maxDeactivationShare
				+ "); nothing was changed. Check the users in Zoho; if the drop is real, run: zoho-users-batch restart "
				+ execution.getId() + " --allow-mass-deactivation");
	}

	private long rejected(JobInstance instance) {
		return this.jdbc.sql("""
				select count(*) from zoho_user_reject r
				join batch_job_execution e on e.job_execution_id = r.job_execution_id
				where e.job_instance_id = ?
				""").param(instance.getInstanceId()).query(Long.class).single();
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
