-- The inbox row (triage) is refreshed by triggers on every submission,
-- parsed-report and deadline change. The first versions read the derived
-- report (a large jsonb) once per field and rewrote the row even when
-- nothing changed — each rewrite also writes an audit row and seven index
-- entries. These read the report once and skip no-op updates.

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION triage_refresh_due(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE triage t SET next_due_at = n.due, next_due_rule = coalesce(n.rule, ''), updated_at = now()
    FROM (SELECT sid AS id) k
    LEFT JOIN LATERAL (
        SELECT c.due, c.rule FROM (
            SELECT d.due_at AS due, d.rule_id AS rule FROM deadline d
            WHERE d.submission_id = sid AND (d.state = 'running' OR (d.state = 'breached' AND d.stopped_at IS NULL))
            UNION ALL
            SELECT (x ->> 'due_at')::timestamptz, x ->> 'rule'
            FROM (SELECT p.derived -> 'deadlines' AS ds
                  FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
                  WHERE s.id = sid AND NOT EXISTS (SELECT 1 FROM deadline WHERE submission_id = sid)) r,
                 jsonb_array_elements(CASE WHEN jsonb_typeof(r.ds) = 'array' THEN r.ds ELSE '[]' END) x
            WHERE coalesce(x ->> 'state', 'running') IN ('running', 'breached') AND x ->> 'due_at' IS NOT NULL
        ) c ORDER BY c.due LIMIT 1) n ON true
    WHERE t.submission_id = k.id AND t.open
      AND (t.next_due_at IS DISTINCT FROM n.due OR t.next_due_rule IS DISTINCT FROM coalesce(n.rule, ''))
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION triage_refresh_derived(sid bigint) RETURNS void LANGUAGE sql AS $$
    UPDATE triage t SET
        kind     = v.kind, category = v.category, timing = v.timing, unit = v.unit,
        target   = v.target, language = v.language, grounds = v.grounds, quarantined = v.quarantined,
        updated_at = now()
    FROM (
        SELECT
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'kind', '') ELSE t0.kind END AS kind,
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'category', '') ELSE t0.category END AS category,
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'timing', '') ELSE t0.timing END AS timing,
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'unit', '') ELSE t0.unit END AS unit,
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'target', '') ELSE t0.target END AS target,
            CASE WHEN t0.classified_by IS NULL THEN coalesce(c ->> 'language', '') ELSE t0.language END AS language,
            CASE WHEN jsonb_typeof(g) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(g)) ELSE '{}'::text[] END AS grounds,
            CASE WHEN t0.quarantine_decided_by IS NULL THEN coalesce(g ? '14.2', false) ELSE t0.quarantined END AS quarantined
        FROM triage t0,
             LATERAL (SELECT p.derived -> 'classification' AS c, p.derived -> 'screening' -> 'grounds' AS g
                      FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
                      WHERE s.id = sid) r
        WHERE t0.submission_id = sid
    ) v
    WHERE t.submission_id = sid AND t.open
      AND (t.kind, t.category, t.timing, t.unit, t.target, t.language, t.grounds, t.quarantined)
          IS DISTINCT FROM (v.kind, v.category, v.timing, v.unit, v.target, v.language, v.grounds, v.quarantined);
    SELECT triage_refresh_due(sid);
$$;
-- +goose StatementEnd

-- +goose Down
-- The versions of 00033 are restored by migrating 00033 down and up again.
SELECT 1;
