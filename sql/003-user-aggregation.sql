--liquibase formatted sql

--changeset zoho-users-batch:user-aggregation
create table zoho_user_aggregation (
    connection_name      varchar(100) not null,
    zoho_user_id         varchar(32)  not null,
    email                varchar(320),
    full_name            varchar(500),
    first_name           varchar(255),
    last_name            varchar(255),
    status               varchar(64),
    confirmed            boolean,
    role_id              varchar(32),
    role_name            varchar(255),
    profile_id           varchar(32),
    profile_name         varchar(255),
    time_zone            varchar(150),
    zoho_created_time    timestamptz,
    zoho_modified_time   timestamptz,
    active               boolean      not null,
    first_seen_at        timestamptz  not null,
    last_seen_at         timestamptz  not null,
    deactivated_at       timestamptz,
    last_job_instance_id bigint       not null,
    primary key (connection_name, zoho_user_id)
);

create index zoho_user_aggregation_active_idx on zoho_user_aggregation (connection_name, active);

comment on table zoho_user_aggregation is 'Every Zoho CRM user ever seen active, per connection. active = false once a later complete run no longer sees the user as active.';
comment on column zoho_user_aggregation.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_user_aggregation.zoho_user_id is 'Zoho user id: an 18-19 digit string, kept as text.';
comment on column zoho_user_aggregation.email is 'Email address of the user.';
comment on column zoho_user_aggregation.full_name is 'Full name as Zoho formats it.';
comment on column zoho_user_aggregation.first_name is 'First name.';
comment on column zoho_user_aggregation.last_name is 'Last name.';
comment on column zoho_user_aggregation.status is 'Zoho status when the user was last seen active (always active for active rows).';
comment on column zoho_user_aggregation.confirmed is 'Zoho confirm flag: whether the user accepted the invitation.';
comment on column zoho_user_aggregation.role_id is 'Zoho role id.';
comment on column zoho_user_aggregation.role_name is 'Zoho role name.';
comment on column zoho_user_aggregation.profile_id is 'Zoho profile id.';
comment on column zoho_user_aggregation.profile_name is 'Zoho profile name (licence-relevant: Administrator, Standard, ...).';
comment on column zoho_user_aggregation.time_zone is 'Time zone of the user (IANA name).';
comment on column zoho_user_aggregation.zoho_created_time is 'When the user was created in Zoho.';
comment on column zoho_user_aggregation.zoho_modified_time is 'When the user was last modified in Zoho.';
comment on column zoho_user_aggregation.active is 'True while the latest complete run saw the user with status active.';
comment on column zoho_user_aggregation.first_seen_at is 'When a run first saw the user active.';
comment on column zoho_user_aggregation.last_seen_at is 'When a run last saw the user active.';
comment on column zoho_user_aggregation.deactivated_at is 'When a complete run first no longer saw the user active; null while active.';
comment on column zoho_user_aggregation.last_job_instance_id is 'Spring Batch job instance that last saw the user active.';

--changeset zoho-users-batch:active-users-view
create view zoho_active_users as
select connection_name, zoho_user_id, email, full_name, first_name, last_name, status, confirmed,
       role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time,
       first_seen_at, last_seen_at, last_job_instance_id
from zoho_user_aggregation
where active;

comment on view zoho_active_users is 'The users each connection currently counts as active.';
