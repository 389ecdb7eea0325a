-- Database roles behind the audit trail (Điều 6 khoản 2, issue 12 finding
-- 8). Until now one role owned everything, and an audit row said who acted
-- only through the tiepnhan.actor setting, which any session may set: a
-- database session could write "user:…" rows by hand and they passed
-- `audit verify`. From here on:
--  * every audit row records the database role of the session that wrote
--    it (db_role, stamped from session_user by a trigger: a value written
--    by hand is replaced), and the sealer's HMAC covers it (internal/audit);
--  * audit rows are written only by functions owned by the owner role and
--    running with its rights (SECURITY DEFINER, search_path pinned): the
--    row trigger functions audit_row__<table> (audit_attach below), audit_write
--    for the application's events (a sign-in, a reveal, an export) and
--    audit_seal for the sealer. EXECUTE on audit_write and audit_seal is
--    revoked from PUBLIC; `tiepnhan migrate` grants it to the service role
--    (db_roles_grant), which has no INSERT, UPDATE, DELETE or TRUNCATE on
--    audit_log, no CREATE on the schema and no DDL;
--  * `tiepnhan audit verify` accepts rows written by the owner and by the
--    roles allowed to call audit_write, and refuses others (internal/audit).
-- Rows written before this migration keep db_role = '' and their hashes.

-- +goose Up
ALTER TABLE audit_log ADD COLUMN db_role text NOT NULL DEFAULT '';

-- audit_log_guard now also stamps an inserted row with session_user (the
-- role that logged in: SET ROLE does not change it, a SECURITY DEFINER
-- function neither) and keeps db_role out of reach of the sealer's update.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.db_role := session_user;
        RETURN NEW;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): TRUNCATE refused';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): DELETE of row % refused', OLD.id;
    END IF;
    -- Only the sealer's one-time setting of seq, key_id and hash is allowed.
    IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL OR NEW.key_id IS NULL
       OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.actor <> OLD.actor OR NEW.action <> OLD.action
       OR NEW.table_name <> OLD.table_name OR NEW.row_id <> OLD.row_id OR NEW.db_role <> OLD.db_role
       OR NEW.before IS DISTINCT FROM OLD.before OR NEW.after IS DISTINCT FROM OLD.after THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): UPDATE of row % refused', OLD.id;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_stamp BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

-- audit_write appends an application event (AuditEvent in
-- internal/postgres): the one way for the service role to add a row that no
-- table change caused. Its search_path is pinned, pg_temp last, so that a
-- caller's temporary table cannot stand in for audit_log (PostgreSQL
-- documentation, "Writing SECURITY DEFINER Functions Safely").
-- +goose StatementBegin
DO $$
BEGIN
    EXECUTE format($f$
CREATE FUNCTION audit_write(actor text, action text, table_name text, row_id text, before jsonb, after jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %1$I, pg_temp AS $b$
DECLARE
    id bigint;
BEGIN
    INSERT INTO %1$I.audit_log (actor, action, table_name, row_id, before, after)
    VALUES (actor, action, table_name, row_id, before, after) RETURNING audit_log.id INTO id;
    RETURN id;
END $b$ $f$, current_schema());
    -- audit_seal sets seq, key_id and hash of committed rows once
    -- (audit_log_guard refuses anything else): the sealer's one write.
    EXECUTE format($f$
CREATE FUNCTION audit_seal(ids bigint[], seqs bigint[], hashes bytea[], key_id text) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = %1$I, pg_temp AS $b$
DECLARE
    n bigint;
BEGIN
    UPDATE %1$I.audit_log a SET seq = u.seq, key_id = audit_seal.key_id, hash = u.hash
    FROM unnest(ids, seqs, hashes) AS u(id, seq, hash) WHERE a.id = u.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $b$ $f$, current_schema());
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION audit_write(text, text, text, text, jsonb, jsonb), audit_seal(bigint[], bigint[], bytea[], text) FROM PUBLIC;
-- A service role an operator granted rights by hand before (INSERT on
-- audit_log) keeps working through the functions until `tiepnhan migrate`
-- with database.owner_url takes the direct rights away (db_roles_grant).
-- +goose StatementBegin
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT DISTINCT x.grantee::regrole AS role
             FROM pg_class c, aclexplode(c.relacl) x
             WHERE c.oid = 'audit_log'::regclass AND x.privilege_type = 'INSERT' AND x.grantee <> 0 AND x.grantee <> c.relowner
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION audit_write(text, text, text, text, jsonb, jsonb), audit_seal(bigint[], bigint[], bytea[], text) TO %s', r.role);
    END LOOP;
END $$;
-- +goose StatementEnd

-- audit_attach (00036) now makes each table's row trigger function
-- SECURITY DEFINER with a pinned search_path, so that it, not the session's
-- role, inserts into audit_log. Images, row ids and the skipping of
-- unchanged rows are those of 00036.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_attach(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    rel  text := (SELECT relname FROM pg_class WHERE oid = tbl);
    sch  text := (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = tbl);
    pk   text[];
    bins text[];
    rid  text;
    nul  jsonb := '{}';
    dig  text;
    img  text;
    k    text;
BEGIN
    SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum)) INTO pk
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = tbl AND i.indisprimary;
    SELECT array_agg(attname::text ORDER BY attnum) INTO bins FROM pg_attribute
    WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND atttypid = 'bytea'::regtype;
    SELECT coalesce(string_agg(format('coalesce(coalesce(a, b) ->> %L, %L)', c, ''), ' || '','' || '), quote_literal(''))
    INTO rid FROM unnest(pk) c;
    img := 'to_jsonb(%1$s)';
    dig := '';
    IF bins IS NOT NULL THEN
        FOREACH k IN ARRAY bins LOOP
            nul := nul || jsonb_build_object(k, NULL);
            dig := dig || format(' || jsonb_build_object(%L, CASE WHEN %%1$s.%I IS NULL THEN NULL ELSE jsonb_build_object(''sha256'', encode(sha256(%%1$s.%I), ''hex''), ''bytes'', octet_length(%%1$s.%I)) END)', k, k, k, k);
        END LOOP;
        img := format('to_jsonb(jsonb_populate_record(%%1$s, %L::jsonb))', nul);
    END IF;
    EXECUTE format($f$CREATE OR REPLACE FUNCTION %I.%I() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = %I, pg_temp AS $b$
DECLARE
    b jsonb;
    a jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        b := %s;
        IF pg_column_size(b) > 1024 OR length(b::text) > 4096 OR b ? 'password_hash' THEN b := audit_compact(b); END IF;
        b := b %s;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        a := %s;
        IF pg_column_size(a) > 1024 OR length(a::text) > 4096 OR a ? 'password_hash' THEN a := audit_compact(a); END IF;
        a := a %s;
    END IF;
    IF TG_OP = 'UPDATE' AND a = b THEN
        RETURN NULL; -- nothing changed
    END IF;
    INSERT INTO %I.audit_log (actor, action, table_name, row_id, before, after)
    VALUES (coalesce(nullif(current_setting('tiepnhan.actor', true), ''), 'db:' || session_user), lower(TG_OP), TG_TABLE_NAME, %s, b, a);
    RETURN NULL;
END $b$ $f$, sch, 'audit_row__' || rel, sch, format(img, 'OLD'), format(dig, 'OLD'), format(img, 'NEW'), format(dig, 'NEW'), sch, rid);
    EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %s', tbl);
    EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION %I.%I()', tbl, sch, 'audit_row__' || rel);
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION audit_attach(regclass) FROM PUBLIC;

-- +goose StatementBegin
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT DISTINCT tgrelid FROM pg_trigger WHERE tgname = 'audit_row' LOOP
        PERFORM audit_attach(r.tgrelid::regclass);
    END LOOP;
END $$;
-- +goose StatementEnd

-- db_roles_grant(service, verifier) gives the service role what it needs
-- and nothing more, and the verifier read access to the audit trail; it
-- creates a missing role when the caller may (CREATEROLE or superuser) and
-- otherwise says what to run. `tiepnhan migrate` calls it after every
-- migration as the owner (database.owner_url), so tables added later are
-- granted too; it is idempotent. It returns notes for the operator.
-- +goose StatementBegin
CREATE FUNCTION db_roles_grant(service text, verifier text) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    sch   text := current_schema();
    owner text := (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'audit_log'::regclass);
    notes text[] := '{}';
    r     text;
    bad   boolean;
BEGIN
    FOREACH r IN ARRAY ARRAY[service, verifier] LOOP
        CONTINUE WHEN coalesce(r, '') = '' OR r = owner OR EXISTS (SELECT FROM pg_roles WHERE rolname = r);
        BEGIN
            -- LOGIN without a password: with password authentication it cannot
            -- log in until the operator sets one (psql: \password NAME).
            EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
            notes := notes || format('created database role %s: set its password (psql: \password %s)', r, r);
        EXCEPTION
            WHEN insufficient_privilege THEN
                notes := notes || format('database role %s is missing and %s may not create roles: run as a superuser CREATE ROLE %I LOGIN PASSWORD ''…'', then tiepnhan migrate again', r, current_user, r);
            WHEN duplicate_object OR unique_violation THEN
                NULL; -- created meanwhile by another migrate
        END;
    END LOOP;
    -- Both may connect even where CONNECT was revoked from PUBLIC.
    FOREACH r IN ARRAY ARRAY[service, verifier] LOOP
        CONTINUE WHEN coalesce(r, '') = '' OR r = owner OR NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r);
        BEGIN
            EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
        EXCEPTION WHEN insufficient_privilege THEN
            notes := notes || format('%s may not grant CONNECT on database %s: run as its owner GRANT CONNECT ON DATABASE %I TO %I', current_user, current_database(), current_database(), r);
        END;
    END LOOP;
    IF coalesce(service, '') <> '' AND service <> owner AND EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
        SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR pg_has_role(service, owner, 'MEMBER') INTO bad
        FROM pg_roles WHERE rolname = service;
        IF bad THEN
            notes := notes || format('database role %s is a superuser, may create roles or databases, or is a member of the owner %s: it must not be (ALTER ROLE %I NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS; REVOKE %I FROM %I)', service, owner, service, owner, service);
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', sch, service);
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', sch, service);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', sch, service);
        EXECUTE format('REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA %I FROM %I', sch, service);
        -- The audit trail and the migration bookkeeping are read-only to it.
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %I.audit_log FROM %I', sch, service);
        FOR r IN SELECT c.relname FROM pg_class c WHERE c.relnamespace = sch::regnamespace AND c.relname IN ('goose_db_version', 'river_migration') LOOP
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %I.%I FROM %I', sch, r, service);
        END LOOP;
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', sch, service);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %I.audit_write(text, text, text, text, jsonb, jsonb), %I.audit_seal(bigint[], bigint[], bytea[], text) TO %I', sch, sch, service);
    END IF;
    IF coalesce(verifier, '') <> '' AND verifier <> owner AND EXISTS (SELECT FROM pg_roles WHERE rolname = verifier) THEN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', sch, verifier);
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', sch, verifier);
        EXECUTE format('GRANT SELECT ON %I.audit_log TO %I', sch, verifier);
    END IF;
    -- PostgreSQL before 15 let PUBLIC create in schema public.
    IF has_schema_privilege('public', sch, 'CREATE') THEN
        BEGIN
            EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', sch);
        EXCEPTION WHEN insufficient_privilege THEN
            notes := notes || format('every role may create objects in schema %s: run as its owner REVOKE CREATE ON SCHEMA %I FROM PUBLIC', sch, sch);
        END;
    END IF;
    RETURN notes;
END $$;
-- +goose StatementEnd
REVOKE EXECUTE ON FUNCTION db_roles_grant(text, text) FROM PUBLIC;

-- +goose Down
DROP FUNCTION db_roles_grant(text, text);
-- audit_attach and the trigger functions of 00036 come back by migrating
-- 00036 down and up again; here the rights of the owner are kept.
DROP FUNCTION audit_write(text, text, text, text, jsonb, jsonb), audit_seal(bigint[], bigint[], bytea[], text);
DROP TRIGGER audit_log_stamp ON audit_log;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): TRUNCATE refused';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): DELETE of row % refused', OLD.id;
    END IF;
    IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL OR NEW.key_id IS NULL
       OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.actor <> OLD.actor OR NEW.action <> OLD.action
       OR NEW.table_name <> OLD.table_name OR NEW.row_id <> OLD.row_id
       OR NEW.before IS DISTINCT FROM OLD.before OR NEW.after IS DISTINCT FROM OLD.after THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): UPDATE of row % refused', OLD.id;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
ALTER TABLE audit_log DROP COLUMN db_role;
