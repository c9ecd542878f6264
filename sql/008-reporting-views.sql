--liquibase formatted sql

-- Reporting: views that reporting and licence tools read, and the zoho_reporting role that may read them and
-- nothing else. Views run with their owner's rights, so granting a view is enough and the role needs no
-- privilege on any table (in particular not on zoho_connection_token).

--changeset zoho-users-batch:active-users-view-columns
comment on column zoho_active_users.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_active_users.zoho_user_id is 'Zoho user id: an 18-19 digit string, kept as text.';
comment on column zoho_active_users.email is 'Email address of the user.';
comment on column zoho_active_users.full_name is 'Full name as Zoho formats it.';
comment on column zoho_active_users.first_name is 'First name.';
comment on column zoho_active_users.last_name is 'Last name.';
comment on column zoho_active_users.status is 'Zoho status: always active in this view.';
comment on column zoho_active_users.confirmed is 'Zoho confirm flag: whether the user accepted the invitation.';
comment on column zoho_active_users.role_id is 'Zoho role id.';
comment on column zoho_active_users.role_name is 'Zoho role name.';
comment on column zoho_active_users.profile_id is 'Zoho profile id.';
comment on column zoho_active_users.profile_name is 'Zoho profile name (licence-relevant: Administrator, Standard, ...).';
comment on column zoho_active_users.time_zone is 'Time zone of the user (IANA name).';
comment on column zoho_active_users.zoho_created_time is 'When the user was created in Zoho.';
comment on column zoho_active_users.zoho_modified_time is 'When the user was last modified in Zoho.';
comment on column zoho_active_users.first_seen_at is 'When a run first saw the user active.';
comment on column zoho_active_users.last_seen_at is 'When a run last saw the user active.';
comment on column zoho_active_users.last_job_instance_id is 'Spring Batch job instance that last saw the user active.';

--changeset zoho-users-batch:active-user-counts-view
create view zoho_active_user_counts as
select c.connection_name,
       (select count(*) from zoho_user_aggregation u
        where u.connection_name = c.connection_name and u.active) as active_users,
       (select max(r.ended_at) from zoho_aggregation_run r
        where r.connection_name = c.connection_name) as last_run_ended_at
from (select connection_name from zoho_user_aggregation
      union
      select connection_name from zoho_aggregation_run) c;

comment on view zoho_active_user_counts is 'Current number of active users per connection, with the end of the run that last confirmed it.';
comment on column zoho_active_user_counts.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_active_user_counts.active_users is 'Users the connection currently counts as active (0 when a run saw none).';
comment on column zoho_active_user_counts.last_run_ended_at is 'End of the latest completed run of the connection; null before the first one completed.';

--changeset zoho-users-batch:active-users-per-role-view
create view zoho_active_users_per_role as
select connection_name, role_id, role_name, count(*) as active_users
from zoho_user_aggregation
where active
group by connection_name, role_id, role_name;

comment on view zoho_active_users_per_role is 'Active users per Zoho role and connection.';
comment on column zoho_active_users_per_role.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_active_users_per_role.role_id is 'Zoho role id.';
comment on column zoho_active_users_per_role.role_name is 'Zoho role name.';
comment on column zoho_active_users_per_role.active_users is 'Active users with this role.';

--changeset zoho-users-batch:active-users-per-profile-view
create view zoho_active_users_per_profile as
select connection_name, profile_id, profile_name, count(*) as active_users
from zoho_user_aggregation
where active
group by connection_name, profile_id, profile_name;

comment on view zoho_active_users_per_profile is 'Active users per Zoho profile and connection: the licence-relevant split.';
comment on column zoho_active_users_per_profile.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_active_users_per_profile.profile_id is 'Zoho profile id.';
comment on column zoho_active_users_per_profile.profile_name is 'Zoho profile name (Administrator, Standard, ...).';
comment on column zoho_active_users_per_profile.active_users is 'Active users with this profile.';

--changeset zoho-users-batch:deactivated-users-view
create view zoho_deactivated_users as
select connection_name, zoho_user_id, email, full_name, role_id, role_name, profile_id, profile_name,
       first_seen_at, last_seen_at, deactivated_at
from zoho_user_aggregation
where not active;

comment on view zoho_deactivated_users is 'Users once seen active that a later complete run no longer saw active. Filter on deactivated_at, e.g. where deactivated_at > now() - interval ''30 days''.';
comment on column zoho_deactivated_users.connection_name is 'Configured Zoho connection (one CRM organisation).';
comment on column zoho_deactivated_users.zoho_user_id is 'Zoho user id: an 18-19 digit string, kept as text.';
comment on column zoho_deactivated_users.email is 'Email address of the user.';
comment on column zoho_deactivated_users.full_name is 'Full name as Zoho formats it.';
comment on column zoho_deactivated_users.role_id is 'Zoho role id when the user was last seen active.';
comment on column zoho_deactivated_users.role_name is 'Zoho role name when the user was last seen active.';
comment on column zoho_deactivated_users.profile_id is 'Zoho profile id when the user was last seen active.';
comment on column zoho_deactivated_users.profile_name is 'Zoho profile name when the user was last seen active.';
comment on column zoho_deactivated_users.first_seen_at is 'When a run first saw the user active.';
comment on column zoho_deactivated_users.last_seen_at is 'When a run last saw the user active.';
comment on column zoho_deactivated_users.deactivated_at is 'When a complete run first no longer saw the user active.';

--changeset zoho-users-batch:run-history-view
create view zoho_run_history as
select connection_name, job_instance_id, first_execution_id, last_execution_id, started_at, ended_at,
       users_read, users_active, users_filtered, users_deactivated,
       lag(users_active) over previous_runs as previous_users_active,
       users_active - lag(users_active) over previous_runs as users_active_delta,
       round(100.0 * (users_active - lag(users_active) over previous_runs)
             / nullif(lag(users_active) over previous_runs, 0), 1) as users_active_delta_percent
from zoho_aggregation_run
window previous_runs as (partition by connection_name order by ended_at, job_instance_id);

comment on view zoho_run_history is 'One row per completed run with the change of active users versus the previous completed run of the same connection: a sudden drop shows here.';
comment on column zoho_run_history.connection_name is 'Configured Zoho connection.';
comment on column zoho_run_history.job_instance_id is 'Spring Batch job instance of the run.';
comment on column zoho_run_history.first_execution_id is 'First job execution of the instance (the run command).';
comment on column zoho_run_history.last_execution_id is 'Job execution that completed the instance (the run or its last restart).';
comment on column zoho_run_history.started_at is 'Start of the first execution.';
comment on column zoho_run_history.ended_at is 'When reconciliation finished.';
comment on column zoho_run_history.users_read is 'Users read from Zoho over all executions of the instance.';
comment on column zoho_run_history.users_active is 'Distinct users seen with status active.';
comment on column zoho_run_history.users_filtered is 'Users read with any other status.';
comment on column zoho_run_history.users_deactivated is 'Rows this run switched from active to inactive.';
comment on column zoho_run_history.previous_users_active is 'users_active of the previous completed run of the connection; null for the first run.';
comment on column zoho_run_history.users_active_delta is 'users_active minus previous_users_active; negative when users were lost.';
comment on column zoho_run_history.users_active_delta_percent is 'users_active_delta as a percentage of previous_users_active, one decimal; null when there is no previous run or it had none.';

--changeset zoho-users-batch:reporting-role splitStatements:false
--comment: roles are cluster-wide, so the role may exist already (another database, or created by a DBA when the migrating user lacks CREATEROLE)
do $$
begin
    if not exists (select from pg_roles where rolname = 'zoho_reporting') then
        create role zoho_reporting nologin;
        comment on role zoho_reporting is 'Read-only access to the zoho-users-batch reporting views; grant it to the login roles of reporting tools.';
    end if;
end
$$;

--changeset zoho-users-batch:reporting-grants splitStatements:false
--comment: usage of the migrated schema, whatever its name, and select on the views; no privilege on any table
do $$
begin
    execute format('grant usage on schema %I to zoho_reporting', current_schema());
    execute format('revoke all on all tables in schema %I from zoho_reporting', current_schema());
    execute format('revoke all on all sequences in schema %I from zoho_reporting', current_schema());
    grant select on zoho_active_users, zoho_active_user_counts, zoho_active_users_per_role,
        zoho_active_users_per_profile, zoho_deactivated_users, zoho_run_history to zoho_reporting;
end
$$;
