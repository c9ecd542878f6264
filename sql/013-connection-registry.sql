--liquibase formatted sql

-- Fleets: connections registered by authorize, so that hundreds of organisations need no property block each.

--changeset zoho-users-batch:connection-registry
create table zoho_connection (
    connection_name varchar(100) primary key,
    client_name     varchar(100),
    data_center     varchar(8)   not null,
    accounts_server varchar(255),
    enabled         boolean      not null default true,
    registered_at   timestamptz  not null,
    authorized_at   timestamptz,
    authorized_by   varchar(255)
);

comment on table zoho_connection is 'Zoho connections (one CRM organisation each) that authorize registered, and whether fleet runs (run --all) include them. A connection configured under zoho.connections.NAME keeps its settings there; its row only records its authorization and the enabled flag.';
comment on column zoho_connection.connection_name is 'Connection name, as commands take it (--connection NAME).';
comment on column zoho_connection.client_name is 'Zoho API client the connection uses (zoho.clients.CLIENT.*); null when the connection''s own properties give the client id and secret.';
comment on column zoho_connection.data_center is 'Zoho data centre: us, eu, in, au, jp, cn, ca or sa.';
comment on column zoho_connection.accounts_server is 'Accounts server that issued the connection''s tokens at its last authorization.';
comment on column zoho_connection.enabled is 'Whether run --all includes the connection; connections disable NAME sets it false, keeping every row of the connection.';
comment on column zoho_connection.registered_at is 'When authorize first registered the connection.';
comment on column zoho_connection.authorized_at is 'When the connection was last authorized; null while it never was.';
comment on column zoho_connection.authorized_by is 'Operating-system account that ran the last authorize.';

--changeset zoho-users-batch:fleet-member
create table zoho_fleet_member (
    fleet_run_id    varchar(100) not null,
    connection_name varchar(100) not null,
    position        integer      not null,
    primary key (fleet_run_id, connection_name)
);

comment on table zoho_fleet_member is 'The connections of each fleet run (run --all, or run with several --connection), in the order the run starts them: the fleet job''s partitions. Not for reporting.';
comment on column zoho_fleet_member.fleet_run_id is 'runId job parameter of the fleet job instance (zohoFleetJob).';
comment on column zoho_fleet_member.connection_name is 'A connection the fleet run runs.';
comment on column zoho_fleet_member.position is 'Order in which the fleet starts its connections.';
