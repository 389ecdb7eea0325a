-- The inbox row no longer depends on the stored report of a message: the
-- classification, grounds and quarantine in force are written by the store
-- (00024, 00025: a person's decision over the machine's, decided in Go), and
-- the nearest due time comes from the deadline table alone (00011). The
-- statement triggers of 00035 on message_parsed still ran one guarded
-- refresh of the due time for every parsed batch and every report written
-- again, which found nothing to change: they are dropped. Deadlines, states
-- and classifications keep their own triggers and writes.

-- +goose Up
DROP TRIGGER triage_on_parsed_update ON message_parsed;
DROP TRIGGER triage_on_parsed_insert ON message_parsed;
DROP FUNCTION triage_on_parsed_update();
DROP FUNCTION triage_on_parsed_insert();

-- +goose Down
-- As 00035 made them.
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
