--liquibase formatted sql

--changeset zoho-users-batch:schema-fingerprint
create table zoho_schema_fingerprint (
    id          integer     primary key default 1 check (id = 1),
    fingerprint varchar(64) not null,
    migrated_at timestamptz not null
);

comment on table zoho_schema_fingerprint is 'SHA-256 of the changelog files last applied; a start-up that finds the same fingerprint skips the Liquibase check. Not for reporting.';
comment on column zoho_schema_fingerprint.id is 'Always 1: a single row.';
comment on column zoho_schema_fingerprint.fingerprint is 'SHA-256 (hex) of the sql/ changelog files, in name order.';
comment on column zoho_schema_fingerprint.migrated_at is 'When Liquibase last ran with these files.';
