-- The inbox's nearest due time comes from the deadline table only. The
-- refresh the triggers run (00035, kept by 00024) took it from the
-- deadline rows of a submission and, while it had none, from the
-- deadlines of the report stored with its first message
-- (message_parsed.derived -> 'deadlines', computed by read_message on
-- the built-in rules): the deadlines came from three places. The deadlines
-- in force are those internal/deadlines stores (set_deadlines, refreshed
-- after reading and classification, moved by events and calendar
-- changes: Điều 10, 11.2, 12.3, 13); the refresh copies the nearest of
-- them and decides nothing. An item whose deadlines are not set yet shows
-- no due time until set_deadlines runs (seconds after triage), rather
-- than one the deadline rules in force may not give.
--
-- The stored reports drop their deadlines: `tiepnhan inspect` computes
-- and prints them (derive.Report), the store keeps none of them.
--
-- Numbered with the deadlines (00010–00019), this migration runs before
-- the inbox exists (00033) on a new database and after it on one migrated
-- before (goose applies it out of order): the refresh is replaced only
-- when the inbox is there; 00035 creates it in this form on a new database.

-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('triage') IS NULL THEN
        RETURN; -- a new database: 00035 creates the refresh in this form
    END IF;
    EXECUTE $sql$
CREATE OR REPLACE FUNCTION triage_refresh_due_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    -- Driven by the inbox rows of sids (an index scan of its primary key),
    -- each joined to its nearest running (or breached, not yet stopped)
    -- deadline.
    UPDATE triage t SET next_due_at = n.due, next_due_rule = coalesce(n.rule, ''), updated_at = now()
    FROM triage k
    LEFT JOIN LATERAL (
        SELECT d.due_at AS due, d.rule_id AS rule FROM deadline d
        WHERE d.submission_id = k.submission_id AND (d.state = 'running' OR (d.state = 'breached' AND d.stopped_at IS NULL))
        ORDER BY d.due_at, d.id LIMIT 1) n ON true
    WHERE k.submission_id = ANY(sids) AND t.submission_id = k.submission_id AND t.open
      AND (t.next_due_at IS DISTINCT FROM n.due OR t.next_due_rule IS DISTINCT FROM coalesce(n.rule, ''));
END $f$
$sql$;
END $$;
-- +goose StatementEnd

-- The reports keep what was read: the deadlines live in their table. The
-- open inbox rows are refreshed here, from the table alone: no trigger on
-- the reports does it any more (00037).
UPDATE message_parsed SET derived = derived - 'deadlines' WHERE derived ? 'deadlines';
-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('triage') IS NOT NULL THEN
        PERFORM triage_refresh_due_many(ARRAY(SELECT submission_id FROM triage WHERE open));
    END IF;
END $$;
-- +goose StatementEnd

-- +goose Down
-- The reports get the deadlines of their submission back, as stored.
UPDATE message_parsed p SET derived = p.derived || jsonb_build_object('deadlines', coalesce((
    SELECT jsonb_agg(jsonb_build_object('rule', d.rule_id, 'article', d.article, 'starts_at', d.starts_at,
        'due_at', d.due_at, 'basis', d.basis, 'state', d.state, 'explanation', d.explanation) ORDER BY d.id)
    FROM deadline d WHERE d.submission_id = s.id), '[]'))
FROM submission s WHERE s.first_message_id = p.message_id;
-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('triage') IS NULL THEN
        RETURN;
    END IF;
    EXECUTE $sql$
CREATE OR REPLACE FUNCTION triage_refresh_due_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    UPDATE triage t SET next_due_at = n.due, next_due_rule = coalesce(n.rule, ''), updated_at = now()
    FROM triage k
    LEFT JOIN LATERAL (
        SELECT c.due, c.rule FROM (
            SELECT d.due_at AS due, d.rule_id AS rule FROM deadline d
            WHERE d.submission_id = k.submission_id AND (d.state = 'running' OR (d.state = 'breached' AND d.stopped_at IS NULL))
            UNION ALL
            SELECT (x ->> 'due_at')::timestamptz, x ->> 'rule'
            FROM (SELECT p.derived -> 'deadlines' AS ds
                  FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
                  WHERE s.id = k.submission_id AND NOT EXISTS (SELECT 1 FROM deadline WHERE submission_id = k.submission_id)) r,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(r.ds) = 'array' THEN r.ds ELSE '[]' END) x
            WHERE coalesce(x ->> 'state', 'running') IN ('running', 'breached') AND x ->> 'due_at' IS NOT NULL
        ) c ORDER BY c.due LIMIT 1) n ON true
    WHERE k.submission_id = ANY(sids) AND t.submission_id = k.submission_id AND t.open
      AND (t.next_due_at IS DISTINCT FROM n.due OR t.next_due_rule IS DISTINCT FROM coalesce(n.rule, ''));
END $f$
$sql$;
END $$;
-- +goose StatementEnd
