--liquibase formatted sql

-- An unchanged user costs no write: a run updates a row of zoho_user_aggregation only when something Zoho says of
-- the user changed. When an active user was last seen is therefore the latest completed run's (zoho_aggregation_run,
-- one row per run), and the views say so; a user who leaves keeps, in the table, the last run that saw it active.

--changeset zoho-users-batch:last-seen-per-run
comment on column zoho_user_aggregation.last_seen_at is 'For a user no longer active: when a run last saw it active. For an active user: when a run last changed its row (runs that change nothing do not write it); the latest completed run of the connection saw it, as zoho_active_users and zoho_user_state show.';
comment on column zoho_user_aggregation.last_job_instance_id is 'For a user no longer active: the job instance that last saw it active. For an active user: the one that last changed its row; the views give the latest completed run.';

-- scalar subqueries rather than a join, so that the view stays a simple (auto-updatable) view of one table, whose
-- writes the privileges refuse
create or replace view zoho_active_users as
select a.connection_name, a.zoho_user_id, a.email, a.full_name, a.first_name, a.last_name, a.status, a.confirmed,
       a.role_id, a.role_name, a.profile_id, a.profile_name, a.time_zone, a.zoho_created_time, a.zoho_modified_time,
       a.first_seen_at,
       coalesce((select r.ended_at from zoho_aggregation_run r where r.connection_name = a.connection_name
                 order by r.ended_at desc limit 1), a.last_seen_at) as last_seen_at,
       coalesce((select r.job_instance_id from zoho_aggregation_run r where r.connection_name = a.connection_name
                 order by r.ended_at desc limit 1), a.last_job_instance_id) as last_job_instance_id,
       a.user_type, a.status_reason, a.zuid, zoho_consumes_licence(a.connection_name, a.user_type) as consumes_licence
from zoho_user_aggregation a
where a.active;

comment on column zoho_active_users.last_seen_at is 'When a run last saw the user active: the end of the latest completed run of the connection.';
comment on column zoho_active_users.last_job_instance_id is 'Spring Batch job instance that last saw the user active: the latest completed run of the connection.';

create or replace view zoho_user_state as
select a.connection_name, a.zoho_user_id, a.email, a.full_name, a.active, a.departure, a.status, a.status_reason,
       a.user_type, a.confirmed, a.profile_id, a.profile_name, a.role_id, a.role_name, a.zuid,
       a.active and zoho_consumes_licence(a.connection_name, a.user_type) as consumes_licence,
       a.first_seen_at, case when a.active then coalesce(r.ended_at, a.last_seen_at) else a.last_seen_at end
           as last_seen_at,
       a.deactivated_at,
       last_change.change as last_change, last_change.recorded_at as last_change_at,
       last_change.job_instance_id as last_change_job_instance_id
from zoho_user_aggregation a
left join lateral (select r.ended_at from zoho_aggregation_run r
                   where a.active and r.connection_name = a.connection_name
                   order by r.ended_at desc limit 1) r on true
left join lateral (select c.change, c.recorded_at, c.job_instance_id
                   from zoho_user_change c
                   where c.connection_name = a.connection_name and c.zoho_user_id = a.zoho_user_id
                   order by c.job_instance_id desc, c.change
                   limit 1) last_change on true;
