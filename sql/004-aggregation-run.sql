--liquibase formatted sql

--changeset zoho-users-batch:aggregation-run
create table zoho_aggregation_run (
    job_instance_id     bigint primary key,
    first_execution_id  bigint       not null,
    last_execution_id   bigint       not null,
    connection_name     varchar(100) not null,
    started_at          timestamptz  not null,
    ended_at            timestamptz  not null,
    users_read          bigint       not null,
    users_active        bigint       not null,
    users_filtered      bigint       not null,
    users_deactivated   bigint       not null
);

create index zoho_aggregation_run_connection_idx on zoho_aggregation_run (connection_name, ended_at);

comment on table zoho_aggregation_run is 'One row per completed aggregation (a job instance that read every page and reconciled), however many restarts it took.';
comment on column zoho_aggregation_run.job_instance_id is 'Spring Batch job instance of the run.';
comment on column zoho_aggregation_run.first_execution_id is 'First job execution of the instance (the run command).';
comment on column zoho_aggregation_run.last_execution_id is 'Job execution that completed the instance (the run or its last restart).';
comment on column zoho_aggregation_run.connection_name is 'Configured Zoho connection.';
comment on column zoho_aggregation_run.started_at is 'Start of the first execution.';
comment on column zoho_aggregation_run.ended_at is 'When reconciliation finished.';
comment on column zoho_aggregation_run.users_read is 'Users read from Zoho over all executions of the instance.';
comment on column zoho_aggregation_run.users_active is 'Distinct users seen with status active.';
comment on column zoho_aggregation_run.users_filtered is 'Users read with any other status (inactive, disabled, deleted, ...).';
comment on column zoho_aggregation_run.users_deactivated is 'Rows this run switched from active to inactive.';
