-- The machine's classification and screening are stored once, typed, in
-- the classification table: besides its decisions (00020), the evidence of
-- each decision taken and the Điều 14 grounds and notes that `tiepnhan
-- inspect` prints under "classification" and "screening". Until now
-- classify_submission also patched them into the report stored with the
-- first message (jsonb_set of message_parsed.derived), where the inbox's
-- triggers, the deadlines and the item page read them again. The report
-- keeps what was read from the message; the store returns the
-- classification typed (postgres.StoredClassification) and writes the one
-- in force into the inbox row (ProjectClassification, 00024).

-- +goose Up
ALTER TABLE classification
    ADD COLUMN reasons text[] NOT NULL DEFAULT '{}',
    ADD COLUMN grounds text[] NOT NULL DEFAULT '{}',
    ADD COLUMN notes   text[] NOT NULL DEFAULT '{}';

-- Backfill from the report of each classified submission's first message.
UPDATE classification c SET
    reasons = CASE WHEN jsonb_typeof(p.derived -> 'classification' -> 'reasons') = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(p.derived -> 'classification' -> 'reasons')) ELSE '{}' END,
    grounds = CASE WHEN jsonb_typeof(p.derived -> 'screening' -> 'grounds') = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(p.derived -> 'screening' -> 'grounds')) ELSE '{}' END,
    notes   = CASE WHEN jsonb_typeof(p.derived -> 'screening' -> 'notes') = 'array'
                   THEN ARRAY(SELECT jsonb_array_elements_text(p.derived -> 'screening' -> 'notes')) ELSE '{}' END
FROM submission s JOIN message_parsed p ON p.message_id = s.first_message_id
WHERE s.id = c.submission_id;

-- The reports keep what was read: the classification lives in its table.
UPDATE message_parsed SET derived = derived - 'classification' - 'screening'
WHERE derived ? 'classification' OR derived ? 'screening';

-- +goose Down
UPDATE message_parsed p SET derived = p.derived
    || jsonb_build_object('classification', jsonb_build_object('kind', c.kind, 'category', c.category, 'timing', c.timing,
           'target', c.target, 'unit', c.unit, 'language', c.language, 'reasons', to_jsonb(c.reasons)))
    || jsonb_build_object('screening', jsonb_build_object('grounds', to_jsonb(c.grounds), 'notes', to_jsonb(c.notes)))
FROM submission s JOIN classification c ON c.submission_id = s.id
WHERE p.message_id = s.first_message_id;
ALTER TABLE classification DROP COLUMN reasons, DROP COLUMN grounds, DROP COLUMN notes;
