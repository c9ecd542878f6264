package io.github.zohousersbatch.bench;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Years of daily runs of many connections written by SQL, as the job would have left
 * them: Spring Batch's instances, executions, parameters, steps and contexts (the
 * contexts copied from a real run), completed runs, licence counts, two changes per run,
 * and the connections registered.
 */
final class HistoryFill {

	private static final String[] STEPS = { "validateToken", "recordOrgLicence", "aggregateUsers", "reconcileUsers" };

	private final JdbcClient jdbc;

	HistoryFill(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void fill(int connections, int days) {
		long base = next("batch_job_instance", "job_instance_id", "batch_job_execution", "job_execution_id");
		long stepBase = next("batch_step_execution", "step_execution_id", "batch_step_execution", "step_execution_id");
		Map<String, Object> params = Map.of("base", base, "stepBase", stepBase, "connections", connections, "days",
				days, "runs", connections * days);
		// run k (0-based): connection k / days + 1, k % days days after a year ago
		run("""
				create temporary table fill_run on commit preserve rows as
				select :base + k as id, 'hist' || lpad((k / :days + 1)::text, 4, '0') as connection_name,
				       localtimestamp - (:days - k % :days) * interval '1 day' as started
				from generate_series(0, :runs - 1) k
				""", params);
		run("insert into batch_job_instance select id, 0, 'zohoActiveUsersJob', md5(id::text) from fill_run", params);
		run("""
				insert into batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,
				    end_time, status, exit_code, exit_message, last_updated)
				select id, 2, id, started, started, started + interval '40 seconds', 'COMPLETED', 'COMPLETED', '',
				    started + interval '40 seconds'
				from fill_run
				""", params);
		run("""
				insert into batch_job_execution_params
				select id, 'connection', 'java.lang.String', connection_name, 'Y' from fill_run
				union all
				select id, 'runId', 'java.lang.String', md5('run' || id), 'Y' from fill_run
				""", params);
		run("""
				insert into batch_job_execution_context
				select f.id, c.short_context, c.serialized_context from fill_run f
				cross join (select * from batch_job_execution_context order by job_execution_id desc limit 1) c
				""", params);
		for (int step = 0; step < STEPS.length; step++) {
			Map<String, Object> stepParams = new java.util.HashMap<>(params);
			stepParams.put("step", step);
			stepParams.put("name", STEPS[step]);
			run("""
					insert into batch_step_execution (step_execution_id, version, step_name, job_execution_id,
					    create_time, start_time, end_time, status, commit_count, read_count, filter_count,
					    write_count, read_skip_count, write_skip_count, process_skip_count, rollback_count,
					    exit_code, exit_message, last_updated)
					select :stepBase + (f.id - :base) * 4 + :step, 3, :name, f.id, f.started, f.started,
					    f.started + interval '10 seconds', 'COMPLETED', 1, 200, 10, 190, 0, 0, 0, 0, 'COMPLETED', '',
					    f.started + interval '10 seconds'
					from fill_run f
					""", stepParams);
			run("""
					insert into batch_step_execution_context
					select :stepBase + (f.id - :base) * 4 + :step, c.short_context, c.serialized_context
					from fill_run f
					cross join (select x.* from batch_step_execution_context x
					            join batch_step_execution s on s.step_execution_id = x.step_execution_id
					            where s.step_name = :name order by x.step_execution_id desc limit 1) c
					""", stepParams);
		}
		run("""
				insert into zoho_aggregation_run (job_instance_id, first_execution_id, last_execution_id,
				    connection_name, started_at, ended_at, users_read, users_active, users_filtered,
				    users_deactivated, users_licensed)
				select id, id, id, connection_name, started, started + interval '40 seconds', 200, 190, 10, 1, 180
				from fill_run
				""", params);
		run("""
				insert into zoho_licence_count (job_instance_id, connection_name, licences_purchased, licences_used,
				    licences_available, paid_type, fetched_at)
				select id, connection_name, 200, 180, 20, 'enterprise', started from fill_run
				""", params);
		run("""
				insert into zoho_user_change (job_instance_id, zoho_user_id, change, connection_name, email,
				    full_name, status, recorded_at)
				select id, (7000000000000000000 + id * 2 + n)::text, 'joined', connection_name,
				    'u' || id || '.' || n || '@zylker.example', 'User ' || n, 'active', started
				from fill_run cross join generate_series(0, 1) n
				""", params);
		run("""
				insert into zoho_connection (connection_name, data_center, enabled, registered_at)
				select distinct connection_name, 'us', true, localtimestamp - interval '1 year' from fill_run
				on conflict do nothing
				""", params);
		this.jdbc.sql("select setval('batch_job_instance_seq', :last)")
			.param("last", base + connections * days)
			.query(Long.class)
			.single();
		this.jdbc.sql("select setval('batch_job_execution_seq', :last)")
			.param("last", base + connections * days)
			.query(Long.class)
			.single();
		this.jdbc.sql("select setval('batch_step_execution_seq', :last)")
			.param("last", stepBase + 4L * connections * days)
			.query(Long.class)
			.single();
		this.jdbc.sql("analyze").update();
	}

	private long next(String table, String column, String other, String otherColumn) {
		return this.jdbc
			.sql("select greatest((select coalesce(max(%s), 0) from %s), (select coalesce(max(%s), 0) from %s)) + 1000"
				.formatted(column, table, otherColumn, other))
			.query(Long.class)
			.single();
	}

	private void run(String sql, Map<String, Object> params) {
		this.jdbc.sql(sql).paramSource(params).update();
	}

}
