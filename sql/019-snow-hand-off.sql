--liquibase formatted sql

--changeset zoho-users-batch:staging-kept-for-snow
comment on table zoho_user_staging is 'Every user record a run read from Zoho, active or not. Reconciliation applies the last read pass to zoho_user_aggregation in one transaction, so that table never shows half a run, and then keeps only that pass of that run, until the connection''s next run reconciles: the list of every user Zoho returned that the Snow hand-off (export --format snow) writes. Not for reporting.';
