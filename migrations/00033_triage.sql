-- The triage read model of the web UI: one row per submission with what the
-- inbox filters and sorts on (state, class, unit, assignee, quarantine,
-- nearest deadline) and the decisions people take on the item page
-- (Điều 11, 12, 14, 15). Triggers keep it in step with submission (created
-- with it, state mirrored) and with the derived report of its first message
-- (machine classification, Điều 14 grounds, deadlines) until a person
-- decides. Indexes serve keyset pagination by (sort_due, submission_id).

-- +goose Up
CREATE TABLE triage (
    submission_id        bigint      PRIMARY KEY REFERENCES submission (id),
    state                text        NOT NULL,
    open                 boolean     NOT NULL DEFAULT true,
    received_at          timestamptz NOT NULL,
    -- classification (Điều 8, 10, 11, 13): the machine's until a person
    -- confirms or corrects it (classified_by).
    kind                 text        NOT NULL DEFAULT '',
    category             text        NOT NULL DEFAULT '',
    timing               text        NOT NULL DEFAULT '',
    unit                 text        NOT NULL DEFAULT '',
    target               text        NOT NULL DEFAULT '',
    language             text        NOT NULL DEFAULT '',
    classified_by        bigint REFERENCES account (id),
    classified_at        timestamptz,
    -- Điều 14 grounds found by screening; 14.2 quarantines (a person decides).
    grounds              text[]      NOT NULL DEFAULT '{}',
    quarantined          boolean     NOT NULL DEFAULT false,
    quarantine_decided_by bigint REFERENCES account (id),
    assignee_id          bigint REFERENCES account (id),
    forwarded_unit       text        NOT NULL DEFAULT '',
    forwarded_at         timestamptz,
    -- the nearest running deadline; infinity when none (sorts last)
    next_due_at          timestamptz,
    next_due_rule        text        NOT NULL DEFAULT '',
    sort_due             timestamptz GENERATED ALWAYS AS (coalesce(next_due_at, 'infinity'::timestamptz)) STORED,
    -- Điều 12: two steps, two people.
    editor_id            bigint REFERENCES account (id),
    submitted_at         timestamptz,
    approver_id          bigint REFERENCES account (id),
    approved_at          timestamptz,
    published_at         timestamptz,
    portal_url           text        NOT NULL DEFAULT '',
    -- Điều 14
    refusal_ground       text        NOT NULL DEFAULT '' CHECK (refusal_ground IN ('', '14.1', '14.2', '14.3', '14.4', '14.5', '14.6')),
    refusal_note         text        NOT NULL DEFAULT '',
    -- Điều 15 khoản 3
    takedown             text        NOT NULL DEFAULT '' CHECK (takedown IN ('', 'temporary', 'permanent')),
    takedown_reason      text        NOT NULL DEFAULT '',
    taken_down_at        timestamptz,
    -- the unit's answer (Điều 11 khoản 1 bước 2)
    answer               text        NOT NULL DEFAULT '',
    answered_by          bigint REFERENCES account (id),
    answered_at          timestamptz,
    done_at              timestamptz,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT triage_two_people CHECK (approver_id IS NULL OR editor_id IS NULL OR approver_id <> editor_id)
);
CREATE INDEX triage_open_due_idx ON triage (sort_due, submission_id) WHERE open;
CREATE INDEX triage_open_state_idx ON triage (state, sort_due, submission_id) WHERE open;
CREATE INDEX triage_open_unit_idx ON triage (unit, sort_due, submission_id) WHERE open;
CREATE INDEX triage_open_assignee_idx ON triage (assignee_id, sort_due, submission_id) WHERE open;
CREATE INDEX triage_open_timing_idx ON triage (timing, sort_due, submission_id) WHERE open;
CREATE INDEX triage_open_forwarded_idx ON triage (forwarded_unit, sort_due, submission_id) WHERE open AND forwarded_unit <> '';
CREATE INDEX triage_open_quarantine_idx ON triage (sort_due, submission_id) WHERE open AND quarantined;
CREATE INDEX triage_done_idx ON triage (done_at) WHERE done_at IS NOT NULL;

-- States that end the Standing Board's work on an item.
-- +goose StatementBegin
CREATE FUNCTION triage_is_open(state text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT state NOT IN ('published', 'refused', 'closed', 'answered', 'taken_down_permanent')
$$;
-- +goose StatementEnd

-- triage_refresh_due sets the nearest deadline still counting: from the
-- deadline table (migration 00010) when the submission has deadlines there,
-- else from the derived report. Paused deadlines (waiting for the author,
-- Điều 11 khoản 2) do not count; breached ones not yet met do (overdue).
-- +goose StatementBegin
CREATE FUNCTION triage_refresh_due(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE triage t SET next_due_at = n.due, next_due_rule = coalesce(n.rule, ''), updated_at = now()
    FROM (SELECT sid AS id) k
    LEFT JOIN LATERAL (
        SELECT c.due, c.rule FROM (
            SELECT d.due_at AS due, d.rule_id AS rule FROM deadline d
            WHERE d.submission_id = sid AND (d.state = 'running' OR (d.state = 'breached' AND d.stopped_at IS NULL))
            UNION ALL
            SELECT (x ->> 'due_at')::timestamptz, x ->> 'rule'
            FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(p.derived -> 'deadlines') = 'array' THEN p.derived -> 'deadlines' ELSE '[]' END) x
            WHERE s.id = sid AND NOT EXISTS (SELECT 1 FROM deadline WHERE submission_id = sid)
              AND coalesce(x ->> 'state', 'running') IN ('running', 'breached') AND x ->> 'due_at' IS NOT NULL
        ) c ORDER BY c.due LIMIT 1) n ON true
    WHERE t.submission_id = k.id AND t.open
$$;
-- +goose StatementEnd

-- triage_refresh_derived copies the machine's findings from the derived
-- report (internal/derive.Report) of the submission's first message, leaving
-- alone what a person has decided.
-- +goose StatementBegin
CREATE FUNCTION triage_refresh_derived(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE triage t SET
        kind     = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'kind', '') ELSE t.kind END,
        category = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'category', '') ELSE t.category END,
        timing   = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'timing', '') ELSE t.timing END,
        unit     = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'unit', '') ELSE t.unit END,
        target   = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'target', '') ELSE t.target END,
        language = CASE WHEN t.classified_by IS NULL THEN coalesce(d.derived -> 'classification' ->> 'language', '') ELSE t.language END,
        grounds  = CASE WHEN jsonb_typeof(d.derived -> 'screening' -> 'grounds') = 'array'
                        THEN ARRAY(SELECT jsonb_array_elements_text(d.derived -> 'screening' -> 'grounds')) ELSE '{}' END,
        quarantined = CASE WHEN t.quarantine_decided_by IS NULL
                           THEN coalesce(d.derived -> 'screening' -> 'grounds' ? '14.2', false) ELSE t.quarantined END,
        updated_at = now()
    FROM submission s
    JOIN message_parsed d ON d.message_id = s.first_message_id
    WHERE s.id = sid AND t.submission_id = sid AND t.open;
    SELECT triage_refresh_due(sid);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION triage_on_submission() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO triage (submission_id, state, open, received_at)
        VALUES (NEW.id, NEW.state, triage_is_open(NEW.state), NEW.received_at)
        ON CONFLICT (submission_id) DO NOTHING;
        PERFORM triage_refresh_derived(NEW.id);
    ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        UPDATE triage SET state = NEW.state, open = triage_is_open(NEW.state),
            done_at = CASE WHEN triage_is_open(NEW.state) THEN NULL ELSE coalesce(done_at, now()) END,
            updated_at = now()
        WHERE submission_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_submission AFTER INSERT OR UPDATE OF state ON submission
    FOR EACH ROW EXECUTE FUNCTION triage_on_submission();

-- A re-derived message (`tiepnhan reprocess`, a later stage filling the
-- report) refreshes the machine's findings.
-- +goose StatementBegin
CREATE FUNCTION triage_on_parsed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM triage_refresh_derived(s.id) FROM submission s WHERE s.first_message_id = NEW.message_id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_parsed AFTER INSERT OR UPDATE OF derived ON message_parsed
    FOR EACH ROW EXECUTE FUNCTION triage_on_parsed();

-- +goose StatementBegin
CREATE FUNCTION triage_on_deadline() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM triage_refresh_due(OLD.submission_id);
    ELSE
        PERFORM triage_refresh_due(NEW.submission_id);
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER triage_on_deadline AFTER INSERT OR UPDATE OR DELETE ON deadline
    FOR EACH ROW EXECUTE FUNCTION triage_on_deadline();

-- Submissions made before this migration.
INSERT INTO triage (submission_id, state, open, received_at)
SELECT id, state, triage_is_open(state), received_at FROM submission ON CONFLICT DO NOTHING;
SELECT triage_refresh_derived(id) FROM submission;

-- +goose Down
DROP TRIGGER triage_on_deadline ON deadline;
DROP TRIGGER triage_on_parsed ON message_parsed;
DROP TRIGGER triage_on_submission ON submission;
DROP FUNCTION triage_on_deadline, triage_on_parsed, triage_on_submission, triage_refresh_derived, triage_refresh_due, triage_is_open;
DROP TABLE triage;
