-- What was read from each attachment (issue "Read what was sent"): the text,
-- the extractor that produced it, and whether a person must read it.

-- +goose Up
ALTER TABLE attachment
    ADD COLUMN text        text    NOT NULL DEFAULT '',
    ADD COLUMN method      text    NOT NULL DEFAULT '',
    ADD COLUMN error       text    NOT NULL DEFAULT '',
    ADD COLUMN needs_human boolean NOT NULL DEFAULT false;
ALTER TABLE message_parsed ADD COLUMN read_at timestamptz;

-- +goose Down
ALTER TABLE message_parsed DROP COLUMN read_at;
ALTER TABLE attachment DROP COLUMN text, DROP COLUMN method, DROP COLUMN error, DROP COLUMN needs_human;
