--liquibase formatted sql

-- Completeness that trusts consistency: a difference between Zoho's count of users and its listing that two
-- reads of every page confirmed, remembered per connection so that later runs do not read twice while it holds.

--changeset zoho-users-batch:listing-difference
create table zoho_listing_difference (
    connection_name varchar(100) primary key,
    difference      bigint       not null,
    zoho_count      bigint       not null,
    users_listed    bigint       not null,
    job_instance_id bigint       not null,
    confirmed_at    timestamptz  not null
);

comment on table zoho_listing_difference is 'A stable difference between Zoho''s count of users (users/actions/count?type=AllUsers) and the distinct users its listing returns, confirmed by two reads of every page that listed exactly the same users; while later reads show the same difference they are not read a second time. Forgotten when a read adds up to the count.';
comment on column zoho_listing_difference.connection_name is 'Configured Zoho connection.';
comment on column zoho_listing_difference.difference is 'Distinct users listed minus Zoho''s count: negative when Zoho counts users its listing does not return, positive when it lists more than it counts.';
comment on column zoho_listing_difference.zoho_count is 'Zoho''s count of users when the difference was confirmed.';
comment on column zoho_listing_difference.users_listed is 'Distinct users the two reads listed when the difference was confirmed.';
comment on column zoho_listing_difference.job_instance_id is 'Spring Batch job instance (the run) that confirmed the difference.';
comment on column zoho_listing_difference.confirmed_at is 'When the run confirmed the difference.';
