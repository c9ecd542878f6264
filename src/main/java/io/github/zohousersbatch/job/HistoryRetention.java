package io.github.zohousersbatch.job;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.zohousersbatch.ZohoJob;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets runs older than a horizon: the Spring Batch metadata of their executions and
 * our rows of them (runs, changes, licence counts, rejects, staging, fleet members), in
 * one transaction. A run goes only when every execution of it has ended before the
 * horizon and a later run of the same connection (or, for fleet runs, a later fleet run)
 * completed: the latest completed run of each connection stays, and so does any run that
 * a restart could still resume, and anything running.
 */
@Repository
public class HistoryRetention {

	// each job instance with the connection it ran, whether every execution ended,
	// whether
	// one completed, and when the last ended; then those older than the horizon that a
	// later completed instance of the same job and connection made obsolete
	private static final String CANDIDATES = """
			insert into zoho_purge_instance
			select job_instance_id from (
			    select o.job_instance_id, o.ended, o.ended_at,
			           max(o.job_instance_id) filter (where o.completed)
			               over (partition by o.job_name, o.connection_name) as latest_completed
			    from (select i.job_instance_id, i.job_name,
			                 coalesce(max(p.parameter_value), '') as connection_name,
			                 bool_and(e.end_time is not null
			                          and e.status in ('COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED')) as ended,
			                 bool_or(e.status = 'COMPLETED') as completed, max(e.end_time) as ended_at
			          from batch_job_instance i
			          join batch_job_execution e on e.job_instance_id = i.job_instance_id
			          left join batch_job_execution_params p on p.job_execution_id = e.job_execution_id
			               and p.parameter_name = :parameter
			          where cast(:connection as text) is null
			             or i.job_instance_id in (select e2.job_instance_id from batch_job_execution e2
			                                      join batch_job_execution_params p2
			                                        on p2.job_execution_id = e2.job_execution_id
			                                      where p2.parameter_name = :parameter
			                                        and p2.parameter_value = :connection)
			          group by i.job_instance_id, i.job_name) o) runs
			where ended and ended_at < localtimestamp - :seconds * interval '1 second'
			  and job_instance_id < latest_completed
			""";

	// what goes, in an order the foreign keys accept; the count of each is reported
	private static final Map<String, String> DELETES = deletes();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	HistoryRetention(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Deletes (or with {@code dryRun} only counts) what runs ended longer ago than
	 * {@code olderThan} leave, of one connection or (null) of all, fleet runs included.
	 * Returns the rows per kind, in the order they were deleted.
	 */
	public Map<String, Long> purge(Duration olderThan, String connectionName, boolean dryRun) {
		return this.transactions.execute(status -> {
			this.jdbc
				.sql("create temporary table zoho_purge_instance (job_instance_id bigint primary key) "
						+ "on commit drop")
				.update();
			this.jdbc.sql(CANDIDATES)
				.param("parameter", ZohoJob.CONNECTION)
				.param("connection", connectionName)
				.param("seconds", olderThan.toSeconds())
				.update();
			this.jdbc.sql("""
					create temporary table zoho_purge_execution on commit drop as
					select e.job_execution_id, i.job_name from batch_job_execution e
					join batch_job_instance i on i.job_instance_id = e.job_instance_id
					where e.job_instance_id in (select job_instance_id from zoho_purge_instance)
					""").update();
			Map<String, Long> purged = new LinkedHashMap<>();
			purged.put("runs", this.jdbc.sql("select count(*) from zoho_purge_instance").query(Long.class).single());
			DELETES.forEach((kind, delete) -> purged.put(kind,
					(long) this.jdbc.sql(delete)
						.param("fleet", ZohoJob.FLEET_NAME)
						.param("runId", ZohoJob.RUN_ID)
						.update()));
			if (dryRun) {
				status.setRollbackOnly();
			}
			return purged;
		});
	}

	private static Map<String, String> deletes() {
		String instances = "(select job_instance_id from zoho_purge_instance)";
		String executions = "(select job_execution_id from zoho_purge_execution)";
		Map<String, String> deletes = new LinkedHashMap<>();
		deletes.put("changes", "delete from zoho_user_change where job_instance_id in " + instances);
		deletes.put("licence counts", "delete from zoho_licence_count where job_instance_id in " + instances);
		deletes.put("completed runs", "delete from zoho_aggregation_run where job_instance_id in " + instances);
		deletes.put("staged users", "delete from zoho_user_staging where job_instance_id in " + instances);
		deletes.put("rejects", "delete from zoho_user_reject where job_execution_id in " + executions);
		deletes.put("fleet members", """
				delete from zoho_fleet_member where fleet_run_id in
				    (select p.parameter_value from batch_job_execution_params p
				     join zoho_purge_execution x on x.job_execution_id = p.job_execution_id and x.job_name = :fleet
				     where p.parameter_name = :runId)
				""");
		deletes.put("step execution contexts", """
				delete from batch_step_execution_context where step_execution_id in
				    (select step_execution_id from batch_step_execution where job_execution_id in %s)
				""".formatted(executions));
		deletes.put("step executions", "delete from batch_step_execution where job_execution_id in " + executions);
		deletes.put("job execution contexts",
				"delete from batch_job_execution_context where job_execution_id in " + executions);
		deletes.put("job parameters", "delete from batch_job_execution_params where job_execution_id in " + executions);
		deletes.put("job executions", "delete from batch_job_execution where job_execution_id in " + executions);
		deletes.put("job instances", "delete from batch_job_instance where job_instance_id in " + instances);
		return deletes;
	}

}
