-- The inbox row (triage) was kept in step by row triggers: each inserted
-- submission, parsed report and deadline ran its own refresh, with its own
-- UPDATE of the inbox row, one statement after another. The intake jobs
-- now write a whole commit batch per statement (a hundred submissions, a
-- hundred and forty deadlines), so the triggers become statement triggers
-- over the transition tables (PostgreSQL 10+) and refresh every affected
-- inbox row in one set-based UPDATE. The refresh functions are PL/pgSQL,
-- whose statements keep their plans for the session (a LANGUAGE sql
-- function called from a trigger is planned again on every call). What the inbox shows is unchanged:
-- the same states, machine findings (Điều 8, 10, 11, 13, 14) and nearest
-- running deadline, computed by the same rules as 00033/00034.
--
-- PostgreSQL allows a transition table only on a trigger of one event and
-- without a column list, hence one trigger per event, and the UPDATE
-- triggers compare old and new values themselves.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION triage_refresh_due_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Driven by the inbox rows of sids (an index scan of its primary key),
    -- each joined to its nearest running (or breached, not yet stopped)
    -- deadline: the deadline table is the one source (00011; before it,
    -- the stored report's deadlines while the table had none).
    UPDATE triage t SET next_due_at = n.due, next_due_rule = coalesce(n.rule, ''), updated_at = now()
    FROM triage k
    LEFT JOIN LATERAL (
        SELECT d.due_at AS due, d.rule_id AS rule FROM deadline d
        WHERE d.submission_id = k.submission_id AND (d.state = 'running' OR (d.state = 'breached' AND d.stopped_at IS NULL))
        ORDER BY d.due_at, d.id LIMIT 1) n ON true
    WHERE k.submission_id = ANY(sids) AND t.submission_id = k.submission_id AND t.open
      AND (t.next_due_at IS DISTINCT FROM n.due OR t.next_due_rule IS DISTINCT FROM coalesce(n.rule, ''));
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
-- The classification, the grounds and the quarantine are not refreshed
-- here: the store writes those in force (a person's over the machine's,
-- decided in Go: 00024, 00025); the deadline table gives the due time (00011).
CREATE FUNCTION triage_refresh_derived_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_due_many(sids);
END $$;
-- +goose StatementEnd

-- The one-submission forms stay for callers by hand.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION triage_refresh_due(sid bigint) RETURNS void LANGUAGE sql AS $$
    SELECT triage_refresh_due_many(ARRAY[sid]);
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION triage_refresh_derived(sid bigint) RETURNS void LANGUAGE sql AS $$
    SELECT triage_refresh_derived_many(ARRAY[sid]);
$$;
-- +goose StatementEnd

DROP TRIGGER triage_on_submission ON submission;
DROP TRIGGER triage_on_parsed ON message_parsed;
DROP TRIGGER triage_on_deadline ON deadline;

-- A new submission gets its inbox row (Điều 11 khoản 1, bước 1).
-- +goose StatementBegin
CREATE FUNCTION triage_on_submission_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO triage (submission_id, state, open, received_at)
    SELECT id, state, triage_is_open(state), received_at FROM new_rows ORDER BY id
    ON CONFLICT (submission_id) DO NOTHING;
    PERFORM triage_refresh_derived_many(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_submission_insert AFTER INSERT ON submission
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_submission_insert();

-- A changed state is mirrored, and closes or reopens the item.
-- +goose StatementBegin
CREATE FUNCTION triage_on_submission_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE triage t SET state = n.state, open = triage_is_open(n.state),
        done_at = CASE WHEN triage_is_open(n.state) THEN NULL ELSE coalesce(t.done_at, now()) END,
        updated_at = now()
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE t.submission_id = n.id AND n.state IS DISTINCT FROM o.state;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_submission_update AFTER UPDATE ON submission
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_submission_update();

-- A parsed or re-derived first message (a later stage filling the report,
-- `tiepnhan reprocess`) refreshes the machine's findings.
-- +goose StatementBegin
CREATE FUNCTION triage_on_parsed_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_derived_many(ARRAY(
        SELECT s.id FROM new_rows n JOIN submission s ON s.first_message_id = n.message_id));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_parsed_insert AFTER INSERT ON message_parsed
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_parsed_insert();

-- +goose StatementBegin
CREATE FUNCTION triage_on_parsed_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_derived_many(ARRAY(
        SELECT s.id FROM new_rows n JOIN old_rows o ON o.message_id = n.message_id
        JOIN submission s ON s.first_message_id = n.message_id
        WHERE n.derived IS DISTINCT FROM o.derived));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_parsed_update AFTER UPDATE ON message_parsed
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_parsed_update();

-- Deadlines set, moved, paused, met or cancelled (Điều 10, 11.2, 12.3, 13)
-- move the item's nearest due time.
-- +goose StatementBegin
CREATE FUNCTION triage_on_deadline_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_due_many(ARRAY(SELECT submission_id FROM new_rows));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_deadline_insert AFTER INSERT ON deadline
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_deadline_insert();

-- +goose StatementBegin
CREATE FUNCTION triage_on_deadline_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_due_many(ARRAY(SELECT submission_id FROM new_rows UNION SELECT submission_id FROM old_rows));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_deadline_update AFTER UPDATE ON deadline
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_deadline_update();

-- +goose StatementBegin
CREATE FUNCTION triage_on_deadline_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_due_many(ARRAY(SELECT submission_id FROM old_rows));
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_deadline_delete AFTER DELETE ON deadline
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION triage_on_deadline_delete();

-- +goose Down
DROP TRIGGER triage_on_deadline_delete ON deadline;
DROP TRIGGER triage_on_deadline_update ON deadline;
DROP TRIGGER triage_on_deadline_insert ON deadline;
DROP TRIGGER triage_on_parsed_update ON message_parsed;
DROP TRIGGER triage_on_parsed_insert ON message_parsed;
DROP TRIGGER triage_on_submission_update ON submission;
DROP TRIGGER triage_on_submission_insert ON submission;
DROP FUNCTION triage_on_deadline_delete, triage_on_deadline_update, triage_on_deadline_insert,
    triage_on_parsed_update, triage_on_parsed_insert, triage_on_submission_update, triage_on_submission_insert;
CREATE TRIGGER triage_on_submission AFTER INSERT OR UPDATE OF state ON submission
    FOR EACH ROW EXECUTE FUNCTION triage_on_submission();
CREATE TRIGGER triage_on_parsed AFTER INSERT OR UPDATE OF derived ON message_parsed
    FOR EACH ROW EXECUTE FUNCTION triage_on_parsed();
CREATE TRIGGER triage_on_deadline AFTER INSERT OR UPDATE OR DELETE ON deadline
    FOR EACH ROW EXECUTE FUNCTION triage_on_deadline();
-- The set forms and the one-submission forms delegating to them stay:
-- they compute what 00034's did, and the row triggers call them.
