-- What the application role may do; Flyway runs this after every migrate, as the owner.
--
-- The application connects as its own role (spring.datasource.username), Flyway as the owner of every table
-- (spring.flyway.user). The application role owns nothing, so it can never ALTER, DROP or disable a trigger. On
-- the ledger and the audit trail it may only INSERT and SELECT; on every other table (Spring Batch's and Quartz's
-- included) SELECT, INSERT, UPDATE and DELETE, never TRUNCATE; on sequences what nextval needs.
--
-- A callback rather than grants in a versioned migration or ALTER DEFAULT PRIVILEGES: it states the whole grant
-- set again after every migrate, so a table made by any later migration (SQL or Java, such as V1 and V2, which
-- run the frameworks' own scripts) is covered without anyone remembering it, a grant added by hand is taken back,
-- and the role name may change with the configuration. Default privileges would apply only to objects created
-- later by the one role named in them, and would give a new append-only table UPDATE and DELETE until a later
-- migration took them back.
--
-- The role name comes from the placeholder application-role (set from spring.datasource.username). When it is
-- the role Flyway itself runs as (one role for everything, as in a development database), nothing is granted.
-- Nodes started at the same instant each run this callback after Flyway's migrate (whose own lock is released by
-- then); concurrent GRANTs on one table fail with "tuple concurrently updated". One at a time: a transaction-level
-- advisory lock, released at the callback's commit (key: the text 'treasury-application-role-grants' hashed).
SELECT pg_advisory_xact_lock(hashtext('treasury-application-role-grants'));

DO $grants$
DECLARE
    application_role text := '${application-role}';
    target_schema    text := '${flyway:defaultSchema}';
    history_table    text := '${flyway:table}';
    append_only      text[] := ARRAY['journals', 'postings', 'ledger_accounts', 'audit_log', 'ledger_snapshot_days',
        'ledger_balance_snapshots', 'ledger_late_journals'];
    owned            text;
BEGIN
    IF application_role = '' OR application_role = current_user THEN
        RAISE WARNING 'the application connects as the schema owner %: the database cannot stop it from changing '
            'the ledger; give the application its own role (see schema/README.md)', current_user;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = application_role) THEN
        RAISE EXCEPTION 'the application role % does not exist: create it before migrating (see schema/README.md)',
            application_role;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = application_role AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION 'the application role % must not be a superuser', application_role;
    END IF;
    SELECT string_agg(tablename, ', ' ORDER BY tablename) INTO owned
      FROM pg_tables WHERE schemaname = target_schema AND tableowner = application_role;
    IF owned IS NOT NULL THEN
        RAISE EXCEPTION 'the application role % owns tables (%): the owner must be the role Flyway runs as',
            application_role, owned;
    END IF;

    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', target_schema, application_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I',
        target_schema, application_role);
    EXECUTE format('REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA %I FROM %I',
        target_schema, application_role);
    EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I',
        target_schema, application_role);
    FOR i IN 1 .. array_length(append_only, 1) LOOP
        EXECUTE format('REVOKE UPDATE, DELETE ON %I.%I FROM %I', target_schema, append_only[i], application_role);
    END LOOP;
    -- the migration history is the owner's: the application may read it only
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %I.%I FROM %I', target_schema, history_table, application_role);
END
$grants$;
