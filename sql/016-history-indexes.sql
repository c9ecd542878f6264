--liquibase formatted sql

-- Years of history: Spring Batch's schema has no index on its foreign keys nor on the job parameters, so that
-- loading an execution (its parameters, its steps) or finding a connection's executions reads whole tables once
-- the repository holds hundreds of thousands of runs. status, restart, history and every run read them so.

--changeset zoho-users-batch:history-indexes
create index batch_job_execution_instance_idx on batch_job_execution (job_instance_id);
create index batch_job_execution_params_execution_idx on batch_job_execution_params (job_execution_id);
create index batch_job_execution_params_value_idx
    on batch_job_execution_params (parameter_name, parameter_value, job_execution_id);
create index batch_step_execution_execution_idx on batch_step_execution (job_execution_id);

comment on index batch_job_execution_instance_idx is 'The executions of a job instance (Spring Batch loads them to restart or report a run).';
comment on index batch_job_execution_params_execution_idx is 'The parameters of an execution, which Spring Batch loads with every execution it reads.';
comment on index batch_job_execution_params_value_idx is 'The executions of a connection (parameter connection) or of a fleet run (parameter runId), newest first: status, connections, restart --last-failed, purge.';
comment on index batch_step_execution_execution_idx is 'The steps of an execution, which Spring Batch loads with every execution it reads.';

--changeset zoho-users-batch:run-history-by-key
create index zoho_aggregation_run_ended_idx on zoho_aggregation_run (ended_at, job_instance_id);

comment on index zoho_aggregation_run_ended_idx is 'Completed runs of every connection, newest first (history without --connection).';

-- the previous run of each run found by key, instead of a window over every run of every connection: the latest
-- runs cost the same with a year of history as with a week
create or replace view zoho_run_history as
select r.connection_name, r.job_instance_id, r.first_execution_id, r.last_execution_id, r.started_at, r.ended_at,
       r.users_read, r.users_active, r.users_filtered, r.users_deactivated,
       p.users_active as previous_users_active,
       r.users_active - p.users_active as users_active_delta,
       round(100.0 * (r.users_active - p.users_active) / nullif(p.users_active, 0), 1) as users_active_delta_percent
from zoho_aggregation_run r
left join lateral (select x.users_active from zoho_aggregation_run x
                   where x.connection_name = r.connection_name
                     and (x.ended_at, x.job_instance_id) < (r.ended_at, r.job_instance_id)
                   order by x.ended_at desc, x.job_instance_id desc
                   limit 1) p on true;
