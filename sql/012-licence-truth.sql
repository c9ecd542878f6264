--liquibase formatted sql

-- Licence truth: what Zoho counts (zoho_licence_count), who consumes a licence (the user fields licence tools
-- need and zoho_licence_rule, data not code), and who joined, moved and left (zoho_user_change).

--changeset zoho-users-batch:user-licence-fields
alter table zoho_user_staging add column user_type varchar(64);
alter table zoho_user_staging add column status_reason varchar(255);
alter table zoho_user_staging add column zuid varchar(32);

comment on column zoho_user_staging.user_type is 'Zoho type__s (Regular User, Client Portal User, ...).';
comment on column zoho_user_staging.status_reason is 'Zoho status_reason__s.';
comment on column zoho_user_staging.zuid is 'Zoho account id of the user (zuid); null until the invitation is accepted.';

alter table zoho_user_aggregation add column user_type varchar(64);
alter table zoho_user_aggregation add column status_reason varchar(255);
alter table zoho_user_aggregation add column zuid varchar(32);
alter table zoho_user_aggregation add column departure varchar(16)
    constraint zoho_user_aggregation_departure_check check (departure in ('deactivated', 'removed'));

comment on column zoho_user_aggregation.user_type is 'Zoho user type (type__s): Regular User, Client Portal User, Sandbox Developer User, Team User, Support User, ...; null when Zoho did not send it. Decides with zoho_licence_rule whether the user consumes a licence.';
comment on column zoho_user_aggregation.status_reason is 'Zoho status_reason__s: why the user has its status, when Zoho says.';
comment on column zoho_user_aggregation.zuid is 'Zoho account id of the user (zuid), the same across Zoho products; null until the invitation is accepted.';
comment on column zoho_user_aggregation.departure is 'Why the user is no longer active: deactivated (Zoho returned it with another status) or removed (Zoho no longer returned it); null while active, and for users deactivated before this column existed.';
comment on column zoho_user_aggregation.status is 'Zoho status as last seen: active while active; for a deactivated user the status the deactivating run saw; for a removed user the last status Zoho sent.';

--changeset zoho-users-batch:licence-rule
create table zoho_licence_rule (
    connection_name  varchar(100) not null default '*',
    user_type        varchar(64)  not null,
    consumes_licence boolean      not null,
    note             varchar(500),
    primary key (connection_name, user_type)
);

comment on table zoho_licence_rule is 'Which active users consume a Zoho CRM user licence, by user type (type__s). The most specific rule wins: this connection and type, any connection (*) and type, this connection and any type (*), then any connection and any type. Change it with plain SQL; the next completed run counts with it, and the views use it at once.';
comment on column zoho_licence_rule.connection_name is 'Configured Zoho connection the rule is for, or * for every connection.';
comment on column zoho_licence_rule.user_type is 'Zoho user type (type__s) exactly as Zoho sends it, or * for any type, including users without one.';
comment on column zoho_licence_rule.consumes_licence is 'Whether an active user of this type consumes a user licence.';
comment on column zoho_licence_rule.note is 'Why, for the next reader.';

insert into zoho_licence_rule (connection_name, user_type, consumes_licence, note) values
    ('*', '*', true, 'A type Zoho adds later counts until a rule says otherwise: a difference in zoho_licence_usage then shows it.'),
    ('*', 'Regular User', true, 'The CRM user licence Zoho counts in used_count.'),
    ('*', 'Client Portal User', false, 'Portal users have their own portal licences (portal_users_license_purchased).'),
    ('*', 'Sandbox Developer User', false, 'Works in a sandbox, not on a CRM user licence.'),
    ('*', 'Team User', false, 'Team users are licensed apart from CRM users.'),
    ('*', 'Support User', false, 'Zoho support staff given access; no licence of the organisation.');

--changeset zoho-users-batch:consumes-licence-function splitStatements:false
create function zoho_consumes_licence(p_connection varchar, p_user_type varchar) returns boolean
    language sql stable security definer set search_path from current
as $$
    select r.consumes_licence
    from zoho_licence_rule r
    where r.connection_name in (p_connection, '*') and r.user_type in (coalesce(p_user_type, '*'), '*')
    order by (r.user_type <> '*') desc, (r.connection_name <> '*') desc
    limit 1
$$;

comment on function zoho_consumes_licence(varchar, varchar) is 'Whether an active user of this type consumes a licence on this connection, by zoho_licence_rule; null (not counted) when no rule matches, which the catch-all rule * * prevents. Runs with its owner''s rights, so that the reporting views may use it while zoho_reporting reads no table.';

--changeset zoho-users-batch:licence-count
create table zoho_licence_count (
    job_instance_id             bigint primary key,
    connection_name             varchar(100) not null,
    licences_purchased          integer,
    licences_used               integer,
    licences_available          integer,
    counts_missing              varchar(500),
    org_users_license_purchased integer,
    paid_type                   varchar(64),
    fetched_at                  timestamptz  not null
);

create index zoho_licence_count_connection_idx on zoho_licence_count (connection_name, job_instance_id);

comment on table zoho_licence_count is 'What Zoho says of the organisation''s user licences, once per run (GET /crm/v8/__features/user_licenses, scope ZohoCRM.features.READ, beside GET /crm/v8/org).';
comment on column zoho_licence_count.job_instance_id is 'Spring Batch job instance (the run) that read the counts.';
comment on column zoho_licence_count.connection_name is 'Configured Zoho connection.';
comment on column zoho_licence_count.licences_purchased is 'User licences purchased, by Zoho (limits.total); null when the counts could not be read.';
comment on column zoho_licence_count.licences_used is 'User licences in use, by Zoho (used_count.total); null when the counts could not be read.';
comment on column zoho_licence_count.licences_available is 'User licences free, by Zoho (available_count.total); null when the counts could not be read.';
comment on column zoho_licence_count.counts_missing is 'Why Zoho''s licence counts are null (scope missing, edition without the feature, Zoho unreachable); null when they were read.';
comment on column zoho_licence_count.org_users_license_purchased is 'User licences purchased according to GET /crm/v8/org (license_details.users_license_purchased); null when the organisation could not be read.';
comment on column zoho_licence_count.paid_type is 'Edition paid for (license_details.paid_type) at the time of the run.';
comment on column zoho_licence_count.fetched_at is 'When the run read the counts.';

alter table zoho_aggregation_run add column users_licensed bigint;

comment on column zoho_aggregation_run.users_licensed is 'Active users that consume a licence according to zoho_licence_rule when the run completed; null for runs before this column existed.';

--changeset zoho-users-batch:user-change
create table zoho_user_change (
    job_instance_id bigint       not null,
    zoho_user_id    varchar(32)  not null,
    change          varchar(24)  not null
        constraint zoho_user_change_change_check check (change in ('joined', 'reactivated', 'deactivated', 'removed',
                                                                   'profile_changed', 'role_changed')),
    connection_name varchar(100) not null,
    email           varchar(320),
    full_name       varchar(500),
    status          varchar(64),
    status_reason   varchar(255),
    old_id          varchar(32),
    old_name        varchar(255),
    new_id          varchar(32),
    new_name        varchar(255),
    recorded_at     timestamptz  not null,
    primary key (job_instance_id, zoho_user_id, change)
);

create index zoho_user_change_user_idx on zoho_user_change (connection_name, zoho_user_id, job_instance_id);

comment on table zoho_user_change is 'What each completed run changed against the previous one, a row per user and kind of change; written in the same transaction as zoho_user_aggregation, once per run however often it was restarted or re-read.';
comment on column zoho_user_change.job_instance_id is 'Spring Batch job instance (the run) that saw the change.';
comment on column zoho_user_change.zoho_user_id is 'Zoho user id.';
comment on column zoho_user_change.change is 'joined (seen active for the first time), reactivated (active again), deactivated (was active, now returned with another status), removed (no longer returned by Zoho), profile_changed, role_changed (old and new in old_*/new_*).';
comment on column zoho_user_change.connection_name is 'Configured Zoho connection.';
comment on column zoho_user_change.email is 'Email address when the change was seen.';
comment on column zoho_user_change.full_name is 'Full name when the change was seen.';
comment on column zoho_user_change.status is 'Zoho status the run saw (for removed: the last status Zoho sent).';
comment on column zoho_user_change.status_reason is 'Zoho status_reason__s the run saw.';
comment on column zoho_user_change.old_id is 'profile_changed, role_changed: the previous profile or role id; null otherwise.';
comment on column zoho_user_change.old_name is 'profile_changed, role_changed: the previous profile or role name; null otherwise.';
comment on column zoho_user_change.new_id is 'profile_changed, role_changed: the new profile or role id; null otherwise.';
comment on column zoho_user_change.new_name is 'profile_changed, role_changed: the new profile or role name; null otherwise.';
comment on column zoho_user_change.recorded_at is 'When the run recorded the change (its reconciliation).';

--changeset zoho-users-batch:active-users-view-licence
create or replace view zoho_active_users as
select connection_name, zoho_user_id, email, full_name, first_name, last_name, status, confirmed,
       role_id, role_name, profile_id, profile_name, time_zone, zoho_created_time, zoho_modified_time,
       first_seen_at, last_seen_at, last_job_instance_id,
       user_type, status_reason, zuid, zoho_consumes_licence(connection_name, user_type) as consumes_licence
from zoho_user_aggregation
where active;

comment on column zoho_active_users.user_type is 'Zoho user type (type__s): Regular User, Client Portal User, Sandbox Developer User, Team User, Support User, ...';
comment on column zoho_active_users.status_reason is 'Zoho status_reason__s, when Zoho says.';
comment on column zoho_active_users.zuid is 'Zoho account id of the user (zuid); null until the invitation is accepted (confirmed false).';
comment on column zoho_active_users.consumes_licence is 'Whether the user consumes a user licence, by zoho_licence_rule.';

--changeset zoho-users-batch:user-changes-view
create view zoho_user_changes as
select c.connection_name, c.job_instance_id, r.ended_at as run_ended_at, c.zoho_user_id, c.email, c.full_name,
       c.change, c.status, c.status_reason, c.old_id, c.old_name, c.new_id, c.new_name
from zoho_user_change c
join zoho_aggregation_run r on r.job_instance_id = c.job_instance_id;

comment on view zoho_user_changes is 'Joiners, movers and leavers per completed run: filter on job_instance_id or run_ended_at.';
comment on column zoho_user_changes.connection_name is 'Configured Zoho connection.';
comment on column zoho_user_changes.job_instance_id is 'Spring Batch job instance (the run) that saw the change.';
comment on column zoho_user_changes.run_ended_at is 'When that run completed.';
comment on column zoho_user_changes.zoho_user_id is 'Zoho user id.';
comment on column zoho_user_changes.email is 'Email address when the change was seen.';
comment on column zoho_user_changes.full_name is 'Full name when the change was seen.';
comment on column zoho_user_changes.change is 'joined, reactivated, deactivated, removed, profile_changed or role_changed.';
comment on column zoho_user_changes.status is 'Zoho status the run saw (for removed: the last status Zoho sent).';
comment on column zoho_user_changes.status_reason is 'Zoho status_reason__s the run saw.';
comment on column zoho_user_changes.old_id is 'profile_changed, role_changed: the previous profile or role id.';
comment on column zoho_user_changes.old_name is 'profile_changed, role_changed: the previous profile or role name.';
comment on column zoho_user_changes.new_id is 'profile_changed, role_changed: the new profile or role id.';
comment on column zoho_user_changes.new_name is 'profile_changed, role_changed: the new profile or role name.';

--changeset zoho-users-batch:user-state-view
create view zoho_user_state as
select a.connection_name, a.zoho_user_id, a.email, a.full_name, a.active, a.departure, a.status, a.status_reason,
       a.user_type, a.confirmed, a.profile_id, a.profile_name, a.role_id, a.role_name, a.zuid,
       a.active and zoho_consumes_licence(a.connection_name, a.user_type) as consumes_licence,
       a.first_seen_at, a.last_seen_at, a.deactivated_at,
       last_change.change as last_change, last_change.recorded_at as last_change_at,
       last_change.job_instance_id as last_change_job_instance_id
from zoho_user_aggregation a
left join lateral (select c.change, c.recorded_at, c.job_instance_id
                   from zoho_user_change c
                   where c.connection_name = a.connection_name and c.zoho_user_id = a.zoho_user_id
                   order by c.job_instance_id desc, c.change
                   limit 1) last_change on true;

comment on view zoho_user_state is 'Every user ever seen active, as the latest completed run left it, with the latest change recorded for it.';
comment on column zoho_user_state.connection_name is 'Configured Zoho connection.';
comment on column zoho_user_state.zoho_user_id is 'Zoho user id.';
comment on column zoho_user_state.email is 'Email address.';
comment on column zoho_user_state.full_name is 'Full name.';
comment on column zoho_user_state.active is 'Whether the latest complete run saw the user active.';
comment on column zoho_user_state.departure is 'deactivated or removed when not active; null while active (and for users deactivated before it was recorded).';
comment on column zoho_user_state.status is 'Zoho status as last seen.';
comment on column zoho_user_state.status_reason is 'Zoho status_reason__s as last seen.';
comment on column zoho_user_state.user_type is 'Zoho user type (type__s).';
comment on column zoho_user_state.confirmed is 'Zoho confirm flag: false while the invitation is not accepted.';
comment on column zoho_user_state.profile_id is 'Zoho profile id.';
comment on column zoho_user_state.profile_name is 'Zoho profile name.';
comment on column zoho_user_state.role_id is 'Zoho role id.';
comment on column zoho_user_state.role_name is 'Zoho role name.';
comment on column zoho_user_state.zuid is 'Zoho account id of the user (zuid).';
comment on column zoho_user_state.consumes_licence is 'Whether the user consumes a licence now: active, and of a type zoho_licence_rule counts.';
comment on column zoho_user_state.first_seen_at is 'When a run first saw the user active.';
comment on column zoho_user_state.last_seen_at is 'When a run last saw the user active.';
comment on column zoho_user_state.deactivated_at is 'When a run first no longer saw the user active; null while active.';
comment on column zoho_user_state.last_change is 'The latest change recorded (joined, reactivated, deactivated, removed, profile_changed, role_changed); null when none was recorded since history began.';
comment on column zoho_user_state.last_change_at is 'When the latest change was recorded.';
comment on column zoho_user_state.last_change_job_instance_id is 'The run that recorded it.';

--changeset zoho-users-batch:licence-usage-per-run
drop view zoho_licence_usage;

create view zoho_licence_usage as
select r.connection_name, r.job_instance_id, r.ended_at as run_ended_at,
       r.job_instance_id = max(r.job_instance_id) over (partition by r.connection_name) as latest_run,
       c.paid_type, c.licences_purchased, c.licences_used as licences_used_zoho,
       r.users_licensed as licensed_users, c.licences_available,
       c.licences_used - r.users_licensed as used_difference,
       case when c.licences_used is null or r.users_licensed is null then null
            else c.licences_used = r.users_licensed end as counts_agree,
       r.users_active as active_users, c.org_users_license_purchased, c.counts_missing
from zoho_aggregation_run r
left join zoho_licence_count c on c.job_instance_id = r.job_instance_id;

comment on view zoho_licence_usage is 'User licences per connection and completed run: purchased, used according to Zoho, licence-consuming active users according to us (zoho_licence_rule), available, and whether Zoho''s used count and ours agree. where latest_run gives the current picture.';
comment on column zoho_licence_usage.connection_name is 'Configured Zoho connection.';
comment on column zoho_licence_usage.job_instance_id is 'Spring Batch job instance of the run.';
comment on column zoho_licence_usage.run_ended_at is 'When the run completed.';
comment on column zoho_licence_usage.latest_run is 'True for the latest completed run of the connection.';
comment on column zoho_licence_usage.paid_type is 'Edition paid for at the time of the run.';
comment on column zoho_licence_usage.licences_purchased is 'User licences purchased, by Zoho (limits.total); null when Zoho''s counts could not be read (see counts_missing).';
comment on column zoho_licence_usage.licences_used_zoho is 'User licences in use according to Zoho (used_count.total).';
comment on column zoho_licence_usage.licensed_users is 'Active users that consume a licence according to this job (zoho_licence_rule) when the run completed.';
comment on column zoho_licence_usage.licences_available is 'User licences free according to Zoho (available_count.total).';
comment on column zoho_licence_usage.used_difference is 'licences_used_zoho minus licensed_users: positive when Zoho counts more users than we see consuming a licence.';
comment on column zoho_licence_usage.counts_agree is 'Whether licences_used_zoho equals licensed_users; null when either is unknown.';
comment on column zoho_licence_usage.active_users is 'Users the run saw active, whatever their type.';
comment on column zoho_licence_usage.org_users_license_purchased is 'User licences purchased according to GET /crm/v8/org, which needs only ZohoCRM.org.READ.';
comment on column zoho_licence_usage.counts_missing is 'Why Zoho''s counts are null, when they are.';

--changeset zoho-users-batch:licence-truth-grants
grant select on zoho_active_users, zoho_user_changes, zoho_user_state, zoho_licence_usage to zoho_reporting;
grant execute on function zoho_consumes_licence(varchar, varchar) to zoho_reporting;
