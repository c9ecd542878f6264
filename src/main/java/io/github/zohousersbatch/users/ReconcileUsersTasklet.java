package io.github.zohousersbatch.users;

import io.github.zohousersbatch.ZohoJob;
import io.github.zohousersbatch.db.ConnectionLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs once every page has been read and the read added up: records what the last read
 * pass of {@code zoho_user_staging} changes ({@link UserChanges}), applies it to
 * {@code zoho_user_aggregation} (its active users inserted or refreshed, the users it did
 * not see active deactivated) and records the completed run, with its licence-consuming
 * users, in {@code zoho_aggregation_run}, all in the step's one transaction, so that
 * reporting tools see the table before the run or after it, never between. It first
 * proves that this process still holds the connection's lock, and lets the
 * {@link MassDeactivationGuard} refuse a deactivation too large to be true.
 */
class ReconcileUsersTasklet implements Tasklet, StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(ReconcileUsersTasklet.class);

	// Reconciliation joins this run's staged users with the connection's users. Whatever
	// the statistics (taken before this run's rows were staged, they count 1 of each), a
	// hash join reads each side once; a nested loop the planner chose for 1 row read the
	// connection's users again for every staged one (72 ms at 1,000 users in a fleet, and
	// growing with the square of the organisation). For this transaction only.
	static final String LINEAR_JOINS = "set local enable_nestloop = off";

	private static final String STAGED_ROWS_DELETED = "reconcileUsers.stagedRowsDeleted";

	private static final String CHANGES_RECORDED = "reconcileUsers.changesRecorded";

	private final JdbcClient jdbc;

	private final UserStaging staging;

	private final UserAggregation aggregation;

	private final UserChanges changes;

	private final MassDeactivationGuard guard;

	private final ConnectionLock locks;

	private final PlannerStatistics statistics;

	ReconcileUsersTasklet(JdbcClient jdbc, UserStaging staging, UserAggregation aggregation, UserChanges changes,
			MassDeactivationGuard guard, ConnectionLock locks, PlannerStatistics statistics) {
		this.jdbc = jdbc;
		this.staging = staging;
		this.aggregation = aggregation;
		this.changes = changes;
		this.guard = guard;
		this.locks = locks;
		this.statistics = statistics;
	}

	// before the step's transaction, so that no lock of ANALYZE is held through it: the
	// read may have just staged a whole organisation into a table whose statistics say it
	// is empty
	@Override
	public void beforeStep(StepExecution stepExecution) {
		// the pass's records that have an id: the rows it staged, handed over by the read
		// step (no count of the table needed)
		ReadPosition read = ReadPosition.of(stepExecution.getJobExecution().getExecutionContext());
		this.statistics.refresh(PlannerStatistics.Table.STAGING, read.passRecords() - read.unidentified());
	}

	// after the step's transaction: a first run (or a mass change) has just written up to
	// a whole organisation, and the next run should not meet tables that autovacuum has
	// not analyzed yet
	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		int changed = stepExecution.getExecutionContext().getInt(CHANGES_RECORDED, 0);
		this.statistics.refresh(PlannerStatistics.Table.AGGREGATION, changed);
		this.statistics.refresh(PlannerStatistics.Table.CHANGES, changed);
		// the rows of the run before, deleted: space that autovacuum may be slow to give
		// back, or never give back where it is off
		this.statistics.reclaim(PlannerStatistics.Table.STAGING,
				stepExecution.getExecutionContext().getInt(STAGED_ROWS_DELETED, 0));
		return null;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		StepExecution step = contribution.getStepExecution();
		JobExecution execution = step.getJobExecution();
		JobInstance instance = execution.getJobInstance();
		String connection = execution.getJobParameters().getString(ZohoJob.CONNECTION);
		long instanceId = instance.getInstanceId();

		this.locks.assertHeld(connection);
		this.jdbc.sql(LINEAR_JOINS).update();
		if (alreadyReconciled(instanceId)) {
			// committed by an execution killed before it could say so: its staging rows
			// are
			// gone, and applying nothing would deactivate everyone
			log.info("Connection '{}' was already reconciled by run {}", connection, instanceId);
			return RepeatStatus.FINISHED;
		}
		// handed over by the read step when it completed
		// (ReadPosition.HANDED_TO_RECONCILIATION)
		ReadPosition read = ReadPosition.of(execution.getExecutionContext());
		UserStaging.PassCounts seen = this.staging.counts(instanceId, read.pass());
		long wouldDeactivate = this.aggregation.wouldDeactivate(connection, instanceId, read.pass());
		boolean allowed = this.guard.check(execution, connection, this.aggregation.currentlyActive(connection),
				wouldDeactivate);
		int changed = this.changes.record(connection, instanceId, read.pass());
		int deactivated = this.aggregation.apply(connection, instanceId, read.pass());
		long licensed = this.aggregation.licensed(connection);
		long users = seen.users() + read.unidentified();
		this.jdbc.sql("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered, users_deactivated,
				    mass_deactivation_allowed, users_licensed)
				select ?, min(e.job_execution_id), ?, ?, min(e.start_time) at time zone current_setting('TimeZone'),
				    now(), ?, ?, ?, ?, ?, ?
				from batch_job_execution e where e.job_instance_id = ?
				on conflict (job_instance_id) do nothing
				""")
			.params(instanceId, execution.getId(), connection, users, seen.active(), seen.inactive(), deactivated,
					allowed, licensed, instanceId)
			.update();
		int forgotten = this.staging.keepOnly(connection, instanceId, read.pass());
		step.getExecutionContext().putInt(STAGED_ROWS_DELETED, forgotten);
		step.getExecutionContext().putInt(CHANGES_RECORDED, changed);
		contribution.incrementWriteCount(deactivated);
		log.info(
				"Reconciled connection '{}': {} users read, {} active, {} filtered, {} deactivated; "
						+ "{} consume a licence; {} changes recorded",
				connection, users, seen.active(), seen.inactive(), deactivated, licensed, changed);
		return RepeatStatus.FINISHED;
	}

	private boolean alreadyReconciled(long instanceId) {
		return this.jdbc.sql("select count(*) from zoho_aggregation_run where job_instance_id = ?")
			.param(instanceId)
			.query(Long.class)
			.single() > 0;
	}

}
