--liquibase formatted sql

-- zoho_pending_invitations (022) says when a run last saw each user, like zoho_active_users (014): the latest
-- completed run of the connection, since a run does not rewrite an unchanged user's row.

--changeset zoho-users-batch:pending-invitations-last-seen
create or replace view zoho_pending_invitations as
select a.connection_name, a.zoho_user_id, a.email, a.full_name, a.status, a.user_type,
       zoho_consumes_licence(a.connection_name, a.user_type) as consumes_licence,
       a.zoho_created_time as invited_at,
       (current_date - cast(a.zoho_created_time as date))::integer as days_pending,
       a.first_seen_at,
       coalesce((select r.ended_at from zoho_aggregation_run r where r.connection_name = a.connection_name
                 order by r.ended_at desc limit 1), a.last_seen_at) as last_seen_at
from zoho_user_aggregation a
where a.active and a.confirmed is false;
