--liquibase formatted sql

--changeset zoho-users-batch:org-licence
create table zoho_org_licence (
    connection_name                varchar(100) primary key,
    org_id                         varchar(32)  not null,
    company_name                   varchar(255),
    domain_name                    varchar(255),
    org_type                       varchar(32),
    country_code                   varchar(8),
    time_zone                      varchar(150),
    paid                           boolean,
    paid_type                      varchar(64),
    paid_expiry                    timestamptz,
    trial_type                     varchar(64),
    trial_expiry                   timestamptz,
    users_license_purchased        integer,
    portal_users_license_purchased integer,
    fetched_at                     timestamptz  not null,
    job_instance_id                bigint       not null
);

comment on table zoho_org_licence is 'The Zoho CRM organisation of each connection and its licence details (GET /crm/v8/org), as the latest run read them. Needs the scope ZohoCRM.org.READ.';
comment on column zoho_org_licence.connection_name is 'Configured Zoho connection.';
comment on column zoho_org_licence.org_id is 'Zoho organisation id.';
comment on column zoho_org_licence.company_name is 'Company name of the organisation.';
comment on column zoho_org_licence.domain_name is 'Zoho domain name of the organisation.';
comment on column zoho_org_licence.org_type is 'production, sandbox or developer.';
comment on column zoho_org_licence.country_code is 'Country code of the organisation.';
comment on column zoho_org_licence.time_zone is 'Time zone of the organisation.';
comment on column zoho_org_licence.paid is 'Whether the organisation pays (license_details.paid).';
comment on column zoho_org_licence.paid_type is 'Edition paid for (license_details.paid_type): free, standard, professional, enterprise, ultimate, ...';
comment on column zoho_org_licence.paid_expiry is 'End of the paid period (license_details.paid_expiry), or null.';
comment on column zoho_org_licence.trial_type is 'Edition on trial (license_details.trial_type), or null.';
comment on column zoho_org_licence.trial_expiry is 'End of the trial (license_details.trial_expiry), or null.';
comment on column zoho_org_licence.users_license_purchased is 'User licences purchased (license_details.users_license_purchased).';
comment on column zoho_org_licence.portal_users_license_purchased is 'Portal user licences purchased (license_details.portal_users_license_purchased).';
comment on column zoho_org_licence.fetched_at is 'When a run last read these details.';
comment on column zoho_org_licence.job_instance_id is 'Job instance that read them.';

--changeset zoho-users-batch:licence-usage-view
create view zoho_licence_usage as
select l.connection_name, l.company_name, l.org_type, l.paid, l.paid_type, l.paid_expiry, l.trial_type,
       l.trial_expiry, l.users_license_purchased,
       (select count(*) from zoho_user_aggregation a where a.connection_name = l.connection_name and a.active)
           as active_users,
       l.users_license_purchased
           - (select count(*) from zoho_user_aggregation a where a.connection_name = l.connection_name and a.active)
           as unused_licences,
       round(100.0 * (select count(*) from zoho_user_aggregation a
                      where a.connection_name = l.connection_name and a.active)
             / nullif(l.users_license_purchased, 0), 1) as usage_percent,
       l.fetched_at
from zoho_org_licence l;

comment on view zoho_licence_usage is 'Purchased user licences against active users, per connection: what a licence review starts with.';
comment on column zoho_licence_usage.connection_name is 'Configured Zoho connection.';
comment on column zoho_licence_usage.company_name is 'Company name of the organisation.';
comment on column zoho_licence_usage.org_type is 'production, sandbox or developer.';
comment on column zoho_licence_usage.paid is 'Whether the organisation pays.';
comment on column zoho_licence_usage.paid_type is 'Edition paid for.';
comment on column zoho_licence_usage.paid_expiry is 'End of the paid period, or null.';
comment on column zoho_licence_usage.trial_type is 'Edition on trial, or null.';
comment on column zoho_licence_usage.trial_expiry is 'End of the trial, or null.';
comment on column zoho_licence_usage.users_license_purchased is 'User licences purchased.';
comment on column zoho_licence_usage.active_users is 'Users the latest complete run saw active.';
comment on column zoho_licence_usage.unused_licences is 'Purchased licences not used by an active user; negative when over-assigned.';
comment on column zoho_licence_usage.usage_percent is 'active_users as a percentage of users_license_purchased, one decimal; null without purchased licences.';
comment on column zoho_licence_usage.fetched_at is 'When the licence details were read.';

--changeset zoho-users-batch:licence-usage-grant
grant select on zoho_licence_usage to zoho_reporting;
