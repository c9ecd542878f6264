--liquibase formatted sql

--changeset zoho-users-batch:connection-token-version
alter table zoho_connection_token add column version bigint not null default 0;

comment on column zoho_connection_token.version is 'Bumped by every write of the row. Refreshed access tokens and throttle times are stored only if the row still has the version they were read with, so that a running job never overwrites a newer authorization.';
