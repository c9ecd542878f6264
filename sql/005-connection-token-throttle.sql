--liquibase formatted sql

--changeset zoho-users-batch:connection-token-throttle
alter table zoho_connection_token add column refresh_throttled_until timestamptz;

comment on column zoho_connection_token.refresh_throttled_until is 'Zoho refused to refresh the access token (too many requests); no refresh is tried before this time. Null when not throttled.';
