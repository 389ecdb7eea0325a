-- Audit trail (Điều 6 khoản 2: "lưu vết việc tạo, thay đổi, xóa thông tin dữ
-- liệu"): a row trigger on every table of the service records each
-- creation, change and deletion with who (the tiepnhan.actor setting of the
-- transaction, else the database user), when, what, and the row before and
-- after. Values longer than 1 KiB and bytea columns are kept as their
-- SHA-256 and length; password hashes are redacted. The log is append-only
-- (a guard trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained:
-- internal/audit seals committed rows in order with an HMAC-SHA256 chain
-- (seq, key_id, hash) that `tiepnhan audit verify` recomputes.

-- +goose Up
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor      text        NOT NULL,
    action     text        NOT NULL,
    table_name text        NOT NULL DEFAULT '',
    row_id     text        NOT NULL DEFAULT '',
    before     jsonb,
    after      jsonb,
    seq        bigint UNIQUE,
    key_id     text,
    hash       bytea
);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_log_row_idx ON audit_log (table_name, row_id, id);

-- +goose StatementBegin
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): TRUNCATE refused';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): DELETE of row % refused', OLD.id;
    END IF;
    -- Only the sealer's one-time setting of seq, key_id and hash is allowed.
    IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.hash IS NULL OR NEW.key_id IS NULL
       OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.actor <> OLD.actor OR NEW.action <> OLD.action
       OR NEW.table_name <> OLD.table_name OR NEW.row_id <> OLD.row_id
       OR NEW.before IS DISTINCT FROM OLD.before OR NEW.after IS DISTINCT FROM OLD.after THEN
        RAISE EXCEPTION 'audit_log is append-only (Điều 6 khoản 2): UPDATE of row % refused', OLD.id;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- audit_compact keeps a row image small and free of secrets: long values
-- become {"sha256", "chars"}, password hashes "[redacted]".
-- +goose StatementBegin
CREATE FUNCTION audit_compact(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(key, CASE
        WHEN key = 'password_hash' THEN to_jsonb('[redacted]'::text)
        WHEN jsonb_typeof(value) = 'string' AND length(value #>> '{}') > 1024
            THEN jsonb_build_object('sha256', encode(sha256(convert_to(value #>> '{}', 'UTF8')), 'hex'), 'chars', length(value #>> '{}'))
        WHEN jsonb_typeof(value) IN ('object', 'array') AND length(value::text) > 4096
            THEN jsonb_build_object('sha256', encode(sha256(convert_to(value::text, 'UTF8')), 'hex'), 'chars', length(value::text))
        ELSE value END), '{}'::jsonb)
    FROM jsonb_each(j)
$$;
-- +goose StatementEnd

-- audit_row(pk_columns, bytea_columns) is the row trigger: both arguments
-- are comma-separated column names, filled in by audit_attach.
-- +goose StatementBegin
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pk    text[] := string_to_array(TG_ARGV[0], ',');
    bins  text[] := string_to_array(TG_ARGV[1], ',');
    actor text := coalesce(nullif(current_setting('tiepnhan.actor', true), ''), 'db:' || session_user);
    b     jsonb;
    a     jsonb;
    rid   text;
BEGIN
    IF TG_OP <> 'INSERT' THEN b := audit_image(OLD, bins); END IF;
    IF TG_OP <> 'DELETE' THEN a := audit_image(NEW, bins); END IF;
    IF TG_OP = 'UPDATE' AND a = b THEN
        RETURN NULL; -- nothing changed
    END IF;
    SELECT string_agg(coalesce(coalesce(a, b) ->> c, ''), ',') INTO rid FROM unnest(pk) c;
    INSERT INTO audit_log (actor, action, table_name, row_id, before, after)
    VALUES (actor, lower(TG_OP), TG_TABLE_NAME, coalesce(rid, ''), b, a);
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- audit_image is a row as compact JSON; bytea columns become their SHA-256
-- and length without ever being hex-encoded (raw mail can be 50 MB).
-- +goose StatementBegin
CREATE FUNCTION audit_image(r anyelement, bins text[]) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    c    text;
    h    text;
    n    bigint;
    nul  jsonb := '{}';
    dig  jsonb := '{}';
BEGIN
    IF bins IS NULL OR cardinality(bins) = 0 THEN
        RETURN audit_compact(to_jsonb(r));
    END IF;
    FOREACH c IN ARRAY bins LOOP
        EXECUTE format('SELECT encode(sha256(($1).%I), ''hex''), octet_length(($1).%I)', c, c) INTO h, n USING r;
        nul := nul || jsonb_build_object(c, NULL);
        dig := dig || jsonb_build_object(c, CASE WHEN h IS NULL THEN NULL ELSE jsonb_build_object('sha256', h, 'bytes', n) END);
    END LOOP;
    RETURN audit_compact(to_jsonb(jsonb_populate_record(r, nul))) || dig;
END $$;
-- +goose StatementEnd

-- Tables that are not data of the service: the log itself, sessions and
-- throttling counters (logins and logouts are audited as events), goose's
-- and River's bookkeeping (River jobs are plumbing, their effects are
-- audited where they land).
-- +goose StatementBegin
CREATE FUNCTION audit_wanted(name text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT name NOT IN ('audit_log', 'session', 'login_throttle', 'goose_db_version') AND name NOT LIKE 'river%'
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION audit_attach(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    pk   text;
    bins text;
BEGIN
    SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey::int2[], a.attnum)) INTO pk
    FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE i.indrelid = tbl AND i.indisprimary;
    SELECT string_agg(attname, ',') INTO bins FROM pg_attribute
    WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND atttypid = 'bytea'::regtype;
    EXECUTE format('DROP TRIGGER IF EXISTS audit_row ON %s', tbl);
    EXECUTE format('CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION audit_row(%L, %L)',
        tbl, coalesce(pk, ''), coalesce(bins, ''));
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() AND audit_wanted(c.relname)
    LOOP
        PERFORM audit_attach(r.oid);
    END LOOP;
END $$;
-- +goose StatementEnd

-- Tables created later (by later migrations) get the trigger as they are
-- created. Event triggers need a superuser; without one, later migrations
-- must call audit_attach themselves (a notice says so).
-- +goose StatementBegin
CREATE FUNCTION audit_on_create_table() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM pg_event_trigger_ddl_commands()
             WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' AND schema_name = current_schema()
    LOOP
        IF audit_wanted((SELECT relname FROM pg_class WHERE oid = r.objid)) THEN
            PERFORM audit_attach(r.objid);
        END IF;
    END LOOP;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
DO $$
BEGIN
    CREATE EVENT TRIGGER audit_new_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION audit_on_create_table();
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'audit: not a superuser, tables created later need SELECT audit_attach(''name'')';
END $$;
-- +goose StatementEnd

-- +goose Down
DROP EVENT TRIGGER IF EXISTS audit_new_tables;
-- +goose StatementBegin
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tgrelid::regclass AS t FROM pg_trigger WHERE tgname = 'audit_row' LOOP
        EXECUTE format('DROP TRIGGER audit_row ON %s', r.t);
    END LOOP;
END $$;
-- +goose StatementEnd
DROP FUNCTION audit_on_create_table, audit_attach, audit_wanted, audit_row, audit_image, audit_compact;
DROP TABLE audit_log;
DROP FUNCTION audit_log_guard;
