--liquibase formatted sql

-- Years of history: Spring Batch's schema has no index on its foreign keys nor on the job parameters, so that
-- loading an execution (its parameters, its steps) or finding a connection's executions reads whole tables once
-- the repository holds hundreds of thousands of runs. status, restart, history and every run read them so.

--changeset zoho-users-batch:history-indexes
create index batch_job_execution_instance_idx on batch_job_execution (job_instance_id);
create index batch_job_execution_params_execution_idx on batch_job_execution_params (job_execution_id);
create index batch_job_execution_params_value_idx on batch_job_execution_params (parameter_name, parameter_value);
create index batch_step_execution_execution_idx on batch_step_execution (job_execution_id);

comment on index batch_job_execution_instance_idx is 'The executions of a job instance (Spring Batch loads them to restart or report a run).';
comment on index batch_job_execution_params_execution_idx is 'The parameters of an execution, which Spring Batch loads with every execution it reads.';
comment on index batch_job_execution_params_value_idx is 'The executions of a connection (parameter connection) or of a fleet run (parameter runId): status, restart --last-failed, purge.';
comment on index batch_step_execution_execution_idx is 'The steps of an execution, which Spring Batch loads with every execution it reads.';
