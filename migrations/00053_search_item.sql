-- Search at a million items (issue 14: p95 ≤ 200 ms). The words of each
-- message (message_search, 00050) and the scope of its item (triage) in one
-- narrow row, so that a search finds, filters and orders its candidates in
-- one table, without a join per match:
--
--   * a common word is found by walking the newest rows (primary key,
--     backwards) and stopping at the candidates needed;
--   * a rare one by the GIN index;
--   * the scope (the units a person may see, quarantine, forwarded unit)
--     and the filters are columns of the same row.
--
-- search_item is a projection: the triggers below copy stored values
-- (the words of message_search, the scope columns of triage) and decide
-- nothing. It holds the tsvector of the redacted text only (00050), so
-- sealed personal data (Điều 4 khoản 4) cannot be found here either. It is
-- not audited (audit_wanted): it copies rows that are, and its rows change
-- with every change of triage.

-- +goose Up
CREATE TABLE search_item (
    message_id     bigint      PRIMARY KEY REFERENCES message_search (message_id) ON DELETE CASCADE,
    submission_id  bigint      NOT NULL,
    received_at    timestamptz,
    state          text        NOT NULL DEFAULT '',
    kind           text        NOT NULL DEFAULT '',
    timing         text        NOT NULL DEFAULT '',
    unit           text        NOT NULL DEFAULT '',
    open           boolean     NOT NULL DEFAULT true,
    quarantined    boolean     NOT NULL DEFAULT false,
    forwarded_unit text        NOT NULL DEFAULT '',
    tsv            tsvector    NOT NULL
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_wanted(name text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT name NOT IN ('audit_log', 'session', 'login_throttle', 'goose_db_version', 'search_item') AND name NOT LIKE 'river%'
$$;
-- +goose StatementEnd
DROP TRIGGER IF EXISTS audit_row ON search_item;
DROP FUNCTION IF EXISTS audit_row__search_item();

-- The words move from message_search (its generated column, rewritten at
-- every update of the row) to search_item.
INSERT INTO search_item (message_id, submission_id, received_at, state, kind, timing, unit, open, quarantined, forwarded_unit, tsv)
SELECT ms.message_id, m.submission_id, t.received_at, coalesce(t.state, ''), coalesce(t.kind, ''), coalesce(t.timing, ''),
       coalesce(t.unit, ''), coalesce(t.open, true), coalesce(t.quarantined, false), coalesce(t.forwarded_unit, ''), ms.tsv
FROM message_search ms JOIN message m ON m.id = ms.message_id
LEFT JOIN triage t ON t.submission_id = m.submission_id
WHERE m.submission_id IS NOT NULL;
ALTER TABLE message_search DROP COLUMN tsv;

CREATE INDEX search_item_tsv_idx ON search_item USING gin (tsv);
CREATE INDEX search_item_submission_idx ON search_item (submission_id);

-- The words of a message indexed or read again (internal/postgres
-- saveSearch), with its item's scope as it stands.
-- +goose StatementBegin
CREATE FUNCTION search_item_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO search_item (message_id, submission_id, received_at, state, kind, timing, unit, open, quarantined, forwarded_unit, tsv)
    SELECT NEW.message_id, m.submission_id, t.received_at, coalesce(t.state, ''), coalesce(t.kind, ''), coalesce(t.timing, ''),
           coalesce(t.unit, ''), coalesce(t.open, true), coalesce(t.quarantined, false), coalesce(t.forwarded_unit, ''),
           setweight(to_tsvector('tiepnhan_vn', NEW.head), 'A') || setweight(to_tsvector('tiepnhan_vn', NEW.body), 'B')
    FROM message m LEFT JOIN triage t ON t.submission_id = m.submission_id
    WHERE m.id = NEW.message_id AND m.submission_id IS NOT NULL
    ON CONFLICT (message_id) DO UPDATE SET tsv = EXCLUDED.tsv;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER search_item_words AFTER INSERT OR UPDATE OF head, body ON message_search
    FOR EACH ROW EXECUTE FUNCTION search_item_words();

-- The scope of an item as triage changes it (a new item, a state, a unit,
-- a quarantine, a forward): copied to each of its messages' rows.
-- +goose StatementBegin
CREATE FUNCTION search_item_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE search_item SET received_at = NEW.received_at, state = NEW.state, kind = NEW.kind, timing = NEW.timing,
        unit = NEW.unit, open = NEW.open, quarantined = NEW.quarantined, forwarded_unit = NEW.forwarded_unit
    WHERE submission_id = NEW.submission_id
      AND (received_at, state, kind, timing, unit, open, quarantined, forwarded_unit)
          IS DISTINCT FROM (NEW.received_at, NEW.state, NEW.kind, NEW.timing, NEW.unit, NEW.open, NEW.quarantined, NEW.forwarded_unit);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER search_item_scope_insert AFTER INSERT ON triage
    FOR EACH ROW EXECUTE FUNCTION search_item_scope();
CREATE TRIGGER search_item_scope_update AFTER UPDATE OF received_at, state, kind, timing, unit, open, quarantined, forwarded_unit ON triage
    FOR EACH ROW
    WHEN ((OLD.received_at, OLD.state, OLD.kind, OLD.timing, OLD.unit, OLD.open, OLD.quarantined, OLD.forwarded_unit)
          IS DISTINCT FROM (NEW.received_at, NEW.state, NEW.kind, NEW.timing, NEW.unit, NEW.open, NEW.quarantined, NEW.forwarded_unit))
    EXECUTE FUNCTION search_item_scope();

-- The archive (closed items, newest first; internal/postgres searchList)
-- walks this instead of reading every closed item of a unit to sort them.
CREATE INDEX triage_closed_received_idx ON triage (received_at DESC, submission_id DESC) WHERE NOT open;

-- +goose Down
DROP INDEX triage_closed_received_idx;
DROP TRIGGER search_item_scope_update ON triage;
DROP TRIGGER search_item_scope_insert ON triage;
DROP FUNCTION search_item_scope();
DROP TRIGGER search_item_words ON message_search;
DROP FUNCTION search_item_words();
ALTER TABLE message_search ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('tiepnhan_vn', head), 'A') ||
    setweight(to_tsvector('tiepnhan_vn', body), 'B')) STORED;
CREATE INDEX message_search_tsv_idx ON message_search USING gin (tsv);
DROP TABLE search_item;
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_wanted(name text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT name NOT IN ('audit_log', 'session', 'login_throttle', 'goose_db_version') AND name NOT LIKE 'river%'
$$;
-- +goose StatementEnd
