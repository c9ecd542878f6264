--liquibase formatted sql

-- Never-accepted invitations as a reclamation signal: active users whose invitation was never accepted (Zoho's
-- confirm false; their zuid, the Zoho account, stays null until they accept) may hold a licence without ever having
-- used Zoho. The invitation date is the user's created_time: Zoho creates the user when it sends the invitation.

--changeset zoho-users-batch:pending-invitations-view
create view zoho_pending_invitations as
select connection_name, zoho_user_id, email, full_name, status, user_type,
       zoho_consumes_licence(connection_name, user_type) as consumes_licence,
       zoho_created_time as invited_at,
       (current_date - cast(zoho_created_time as date))::integer as days_pending,
       first_seen_at, last_seen_at
from zoho_user_aggregation
where active and confirmed is false;

comment on view zoho_pending_invitations is 'Invited, never joined: active users whose invitation to the organisation was never accepted (Zoho confirm false), who may hold a licence without ever having used Zoho; a reclamation signal.';
comment on column zoho_pending_invitations.connection_name is 'Configured Zoho connection.';
comment on column zoho_pending_invitations.zoho_user_id is 'Zoho user id.';
comment on column zoho_pending_invitations.email is 'Email address the invitation was sent to.';
comment on column zoho_pending_invitations.full_name is 'Full name.';
comment on column zoho_pending_invitations.status is 'Zoho status as last seen.';
comment on column zoho_pending_invitations.user_type is 'Zoho user type (type__s).';
comment on column zoho_pending_invitations.consumes_licence is 'Whether the user consumes a licence, by zoho_licence_rule.';
comment on column zoho_pending_invitations.invited_at is 'When the user was invited: Zoho created_time (Zoho creates the user when it sends the invitation).';
comment on column zoho_pending_invitations.days_pending is 'Days since the invitation, as of today.';
comment on column zoho_pending_invitations.first_seen_at is 'When a run first saw the user active.';
comment on column zoho_pending_invitations.last_seen_at is 'When a run last saw the user active (and not yet joined).';

--changeset zoho-users-batch:licence-usage-never-joined
create or replace view zoho_licence_usage as
select r.connection_name, r.job_instance_id, r.ended_at as run_ended_at,
       r.job_instance_id = max(r.job_instance_id) over (partition by r.connection_name) as latest_run,
       c.paid_type, c.licences_purchased, c.licences_used as licences_used_zoho,
       r.users_licensed as licensed_users, c.licences_available,
       c.licences_used - r.users_licensed as used_difference,
       case when c.licences_used is null or r.users_licensed is null then null
            else c.licences_used = r.users_licensed end as counts_agree,
       r.users_active as active_users, c.org_users_license_purchased, c.counts_missing,
       c.trial_type, c.counts_in_edition,
       case when r.job_instance_id = max(r.job_instance_id) over (partition by r.connection_name)
            then (select count(*) from zoho_pending_invitations p
                  where p.connection_name = r.connection_name and p.consumes_licence) end as licensed_never_joined
from zoho_aggregation_run r
left join zoho_licence_count c on c.job_instance_id = r.job_instance_id;

comment on column zoho_licence_usage.licensed_never_joined is 'Licence-consuming active users invited but never joined (zoho_pending_invitations), now; null for runs before the latest: licences that may be reclaimed.';

--changeset zoho-users-batch:pending-invitations-grant
grant select on zoho_pending_invitations to zoho_reporting;
