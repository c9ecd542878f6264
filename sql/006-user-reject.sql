--liquibase formatted sql

--changeset zoho-users-batch:user-reject
create table zoho_user_reject (
    reject_id        bigint generated always as identity primary key,
    connection_name  varchar(100) not null,
    job_execution_id bigint       not null,
    page             integer      not null,
    zoho_user_id     varchar(32),
    reason           varchar(500) not null,
    rejected_at      timestamptz  not null
);

create index zoho_user_reject_execution_idx on zoho_user_reject (job_execution_id);

comment on table zoho_user_reject is 'User records Zoho sent that could not be stored (no id, wrong types, oversized fields), skipped within zoho.job.skip-limit. Holds no personal data beyond the id.';
comment on column zoho_user_reject.reject_id is 'Generated key.';
comment on column zoho_user_reject.connection_name is 'Configured Zoho connection.';
comment on column zoho_user_reject.job_execution_id is 'Job execution that skipped the record.';
comment on column zoho_user_reject.page is 'Users page the record was on.';
comment on column zoho_user_reject.zoho_user_id is 'The record''s id as sent (first 32 characters), or null when it had none.';
comment on column zoho_user_reject.reason is 'Why the record was unusable.';
comment on column zoho_user_reject.rejected_at is 'When it was skipped.';
