--liquibase formatted sql

-- Editions as Zoho reports them: an organisation on trial says paid_type free and names the edition it tries in
-- trial_type (Zoho CRM OAS v8.0, org.json); an edition without user licence counts answers 204 (features.json).

--changeset zoho-users-batch:licence-count-trial
alter table zoho_licence_count add column trial_type varchar(64);
alter table zoho_licence_count add column counts_in_edition boolean;

comment on column zoho_licence_count.trial_type is 'Edition on trial (license_details.trial_type) at the time of the run, while the trial ran; null when none. An organisation on trial reports paid_type free.';
comment on column zoho_licence_count.counts_in_edition is 'False when Zoho answered that its edition has no user licence counts (HTTP 204 from __features/user_licenses); true when it sent them; null when they could not be read.';

--changeset zoho-users-batch:licence-usage-trial splitStatements:false
create or replace view zoho_licence_usage as
select r.connection_name, r.job_instance_id, r.ended_at as run_ended_at,
       r.job_instance_id = max(r.job_instance_id) over (partition by r.connection_name) as latest_run,
       c.paid_type, c.licences_purchased, c.licences_used as licences_used_zoho,
       r.users_licensed as licensed_users, c.licences_available,
       c.licences_used - r.users_licensed as used_difference,
       case when c.licences_used is null or r.users_licensed is null then null
            else c.licences_used = r.users_licensed end as counts_agree,
       r.users_active as active_users, c.org_users_license_purchased, c.counts_missing,
       c.trial_type, c.counts_in_edition
from zoho_aggregation_run r
left join zoho_licence_count c on c.job_instance_id = r.job_instance_id;

comment on column zoho_licence_usage.trial_type is 'Edition on trial at the time of the run (paid_type then says free); null when none.';
comment on column zoho_licence_usage.counts_in_edition is 'False when the organisation''s edition has no user licence counts (Zoho answered 204), so licences_* are null by design.';
