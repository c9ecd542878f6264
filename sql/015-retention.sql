--liquibase formatted sql

-- Retention: zoho.retention.departed-personal-data erases the email and names of users who left long ago; this
-- index finds those whose data is still there without reading the connections' active users.

--changeset zoho-users-batch:departed-personal-data-index
create index zoho_user_aggregation_departed_idx on zoho_user_aggregation (deactivated_at)
    where not active and (email is not null or full_name is not null or first_name is not null
                          or last_name is not null);

comment on index zoho_user_aggregation_departed_idx is 'Users no longer active whose email or names are still kept, by when they left: what zoho.retention.departed-personal-data erases.';
