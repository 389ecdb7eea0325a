-- Personal data at rest in the intake tables (Quy chế 1319/QĐ-BTP Điều 4
-- khoản 4: the sender's personal data is kept private). A submission's raw
-- message, its parsed bodies and the text read from its attachments carry
-- citizen IDs, tax codes, phones and addresses; they are stored sealed with
-- AES-256-GCM by internal/crypto under the personal-data key file (the same
-- keyring as submitter_data, migration 00032), bound to their row:
--   message_raw.raw            binary "<key id>:" nonce | ciphertext | tag,
--                              context "message_raw.raw:<message id>"
--   message_parsed.text_body,  "<key id>:<base64url>", contexts
--   message_parsed.html_body   "message_parsed.text_body:<message id>" …
--   attachment.text            "attachment.text:<message id>:<idx>"
-- key_id names the key that sealed the row; '' marks a row stored in clear
-- before this migration (or by a store without keys), which
-- `tiepnhan pii rewrap` seals. message.sha256 stays the digest of the clear
-- bytes (the deduplication key). What PostgreSQL itself reads (the triage
-- triggers of 00033, fingerprints, the subject columns) holds a redacted
-- copy instead (internal/pii.Redact), written by the service.

-- +goose Up
ALTER TABLE message_raw ADD COLUMN key_id text NOT NULL DEFAULT '';
ALTER TABLE message_parsed ADD COLUMN key_id text NOT NULL DEFAULT '';
ALTER TABLE attachment ADD COLUMN key_id text NOT NULL DEFAULT '';

-- A sealed row starts with the key id it names, so a row can never claim a
-- key it was not sealed with (starts_with reads only the first TOAST chunk).
ALTER TABLE message_raw ADD CONSTRAINT message_raw_sealed_check
    CHECK (key_id = '' OR (key_id ~ '^[a-z0-9_-]{1,16}$' AND substring(raw FROM 1 FOR octet_length(key_id) + 1) = convert_to(key_id || ':', 'UTF8')));
ALTER TABLE message_parsed ADD CONSTRAINT message_parsed_sealed_check
    CHECK (key_id = '' OR (key_id ~ '^[a-z0-9_-]{1,16}$'
        AND (text_body = '' OR starts_with(text_body, key_id || ':'))
        AND (html_body = '' OR starts_with(html_body, key_id || ':'))));
ALTER TABLE attachment ADD CONSTRAINT attachment_sealed_check
    CHECK (key_id = '' OR (key_id ~ '^[a-z0-9_-]{1,16}$' AND (text = '' OR starts_with(text, key_id || ':'))));

-- Ciphertext does not compress: store new raw messages out of line without
-- trying (00001 chose lz4 for clear mail; rows stored before keep theirs).
ALTER TABLE message_raw ALTER COLUMN raw SET STORAGE EXTERNAL;

-- +goose Down
-- Sealed rows stay sealed: only the key file opens them.
ALTER TABLE message_raw ALTER COLUMN raw SET STORAGE EXTENDED;
ALTER TABLE attachment DROP CONSTRAINT attachment_sealed_check, DROP COLUMN key_id;
ALTER TABLE message_parsed DROP CONSTRAINT message_parsed_sealed_check, DROP COLUMN key_id;
ALTER TABLE message_raw DROP CONSTRAINT message_raw_sealed_check, DROP COLUMN key_id;
