-- A person's classification wins over the machine's (Điều 11 khoản 1: the
-- Standing Board classes what comes in; the machine proposes). The rule is
-- one Go function (internal/finding.Effective); it was also written in SQL,
-- in the inbox row's refresh (00033–00035: "the machine's unless
-- classified_by"), and the person's decision lived only in the inbox row,
-- which is a projection.
--
-- The person's decision gets a table of its own, written by the UI's
-- classify action (the actor as the audit trail names it, 'user:NAME') and
-- backfilled from the inbox rows a person classified. The store computes
-- the classification in force in Go and writes it into the inbox row
-- (postgres.Store.ProjectClassification), with the screening's grounds
-- and the quarantine in force; the refresh the triggers run keeps the
-- nearest deadline and decides nothing.
--
-- Numbered with classification (00020–00029), this migration runs before
-- the inbox exists (00033) on a new database and after it on one migrated
-- before (goose applies it out of order): the backfill and the refresh are
-- replaced only when the inbox is there; 00035 creates the refresh in this
-- form on a new database.

-- +goose Up
CREATE TABLE classification_decision (
    submission_id bigint      PRIMARY KEY REFERENCES submission (id),
    kind          text        NOT NULL DEFAULT '',
    category      text        NOT NULL DEFAULT '',
    timing        text        NOT NULL DEFAULT '',
    unit          text        NOT NULL DEFAULT '',
    target        text        NOT NULL DEFAULT '',
    language      text        NOT NULL DEFAULT '',
    decided_by    text        NOT NULL,
    decided_at    timestamptz NOT NULL DEFAULT now()
);

-- +goose StatementBegin
DO $$
BEGIN
    IF to_regclass('triage') IS NULL THEN
        RETURN; -- a new database: 00033–00035 come next
    END IF;
    INSERT INTO classification_decision (submission_id, kind, category, timing, unit, target, language, decided_by, decided_at)
    SELECT t.submission_id, t.kind, t.category, t.timing, t.unit, t.target, t.language, 'user:' || a.username,
           coalesce(t.classified_at, t.updated_at)
    FROM triage t JOIN account a ON a.id = t.classified_by;
    EXECUTE $sql$
CREATE OR REPLACE FUNCTION triage_refresh_derived_many(sids bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM triage_refresh_due_many(sids);
END $f$
$sql$;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP TABLE classification_decision;
-- The refresh keeps its form: 00035's Down restores the row triggers.
