--liquibase formatted sql

--changeset zoho-users-batch:user-staging
create table zoho_user_staging (
    job_instance_id    bigint       not null,
    zoho_user_id       varchar(32)  not null,
    connection_name    varchar(100) not null,
    read_pass          integer      not null,
    page               integer      not null,
    active             boolean,
    status             varchar(64),
    email              varchar(320),
    full_name          varchar(500),
    first_name         varchar(255),
    last_name          varchar(255),
    confirmed          boolean,
    role_id            varchar(32),
    role_name          varchar(255),
    profile_id         varchar(32),
    profile_name       varchar(255),
    time_zone          varchar(150),
    zoho_created_time  timestamptz,
    zoho_modified_time timestamptz,
    primary key (job_instance_id, zoho_user_id)
);

create index zoho_user_staging_connection_idx on zoho_user_staging (connection_name, job_instance_id);

comment on table zoho_user_staging is 'Every user record a run read from Zoho, active or not, kept until the run reconciles: reconciliation applies it to zoho_user_aggregation in one transaction, so that table never shows half a run. Not for reporting.';
comment on column zoho_user_staging.job_instance_id is 'Spring Batch job instance (the run) that read the user.';
comment on column zoho_user_staging.zoho_user_id is 'Zoho user id (1 to 19 digits).';
comment on column zoho_user_staging.connection_name is 'Configured Zoho connection.';
comment on column zoho_user_staging.read_pass is 'Which reading of the pages saw the user last: a run that finds Zoho''s list changed under it reads every page again as pass 2, and only the last pass counts.';
comment on column zoho_user_staging.page is 'Users page the record was on.';
comment on column zoho_user_staging.active is 'Whether Zoho''s status is active; null when the record had no usable status (the user keeps the state it had).';
comment on column zoho_user_staging.status is 'Zoho status as sent (sanitised), or null when unusable.';
comment on column zoho_user_staging.email is 'Email address (sanitised, truncated to the column).';
comment on column zoho_user_staging.full_name is 'Full name (sanitised, truncated to the column).';
comment on column zoho_user_staging.first_name is 'First name (sanitised, truncated to the column).';
comment on column zoho_user_staging.last_name is 'Last name (sanitised, truncated to the column).';
comment on column zoho_user_staging.confirmed is 'Zoho confirm flag.';
comment on column zoho_user_staging.role_id is 'Zoho role id.';
comment on column zoho_user_staging.role_name is 'Zoho role name.';
comment on column zoho_user_staging.profile_id is 'Zoho profile id.';
comment on column zoho_user_staging.profile_name is 'Zoho profile name.';
comment on column zoho_user_staging.time_zone is 'Time zone of the user.';
comment on column zoho_user_staging.zoho_created_time is 'Zoho created_time.';
comment on column zoho_user_staging.zoho_modified_time is 'Zoho Modified_Time.';

--changeset zoho-users-batch:aggregation-run-guard
alter table zoho_aggregation_run add column mass_deactivation_allowed boolean not null default false;

comment on column zoho_aggregation_run.mass_deactivation_allowed is 'Whether an operator let this run deactivate more users than the mass-deactivation guard allows (restart --allow-mass-deactivation).';
