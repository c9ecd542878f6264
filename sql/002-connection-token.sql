--liquibase formatted sql

--changeset zoho-users-batch:connection-token
create table zoho_connection_token (
    connection_name         varchar(100) primary key,
    data_center             varchar(16)  not null,
    accounts_server         varchar(255) not null,
    api_domain              varchar(255) not null,
    refresh_token           text,
    access_token            text,
    access_token_expires_at timestamptz,
    scope                   varchar(1000),
    authorized_at           timestamptz  not null,
    refreshed_at            timestamptz
);

comment on table zoho_connection_token is 'OAuth state of each configured Zoho connection. Tokens are AES-256-GCM encrypted; not for reporting.';
comment on column zoho_connection_token.connection_name is 'Name of the connection as configured under zoho.connections.<name>.';
comment on column zoho_connection_token.data_center is 'Zoho data centre location code (us, eu, in, au, jp, cn, ca, sa).';
comment on column zoho_connection_token.accounts_server is 'Zoho accounts server that issued the tokens; every refresh goes there.';
comment on column zoho_connection_token.api_domain is 'api_domain returned with the token; base URL of every CRM API call.';
comment on column zoho_connection_token.refresh_token is 'Encrypted refresh token (base64 of nonce and ciphertext); null when Zoho sent none.';
comment on column zoho_connection_token.access_token is 'Encrypted access token (base64 of nonce and ciphertext).';
comment on column zoho_connection_token.access_token_expires_at is 'When the stored access token expires.';
comment on column zoho_connection_token.scope is 'Scopes granted, as Zoho reported them.';
comment on column zoho_connection_token.authorized_at is 'When the grant code was exchanged.';
comment on column zoho_connection_token.refreshed_at is 'When the access token was last refreshed.';
