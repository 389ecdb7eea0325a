-- Each message's MIME tree is parsed once (issue 10): parse_message keeps,
-- beside the bodies, the message's outline (internal/derive/outline.go: the
-- envelope as parsed, the problems and, per attachment, where its body lies
-- in the raw mail), and read_message reads the attachments from those spans
-- instead of parsing the raw mail again. The outline holds the subject and
-- file names as written — personal data (Quy chế 1319/QĐ-BTP Điều 4 khoản
-- 4) — so it is sealed like the bodies (migration 00003): "<key id>:<base64
-- url>", context "message_parsed.outline:<message id>", under the row's
-- key_id. '' for rows parsed before, which read_message parses again.

-- +goose Up
ALTER TABLE message_parsed ADD COLUMN outline text NOT NULL DEFAULT '';
-- Every row has outline = '' here and met the check of 00003 before:
-- NOT VALID skips a scan of every body that proves nothing new.
ALTER TABLE message_parsed DROP CONSTRAINT message_parsed_sealed_check;
ALTER TABLE message_parsed ADD CONSTRAINT message_parsed_sealed_check
    CHECK (key_id = '' OR (key_id ~ '^[a-z0-9_-]{1,16}$'
        AND (text_body = '' OR starts_with(text_body, key_id || ':'))
        AND (html_body = '' OR starts_with(html_body, key_id || ':'))
        AND (outline = '' OR starts_with(outline, key_id || ':')))) NOT VALID;

-- +goose Down
ALTER TABLE message_parsed DROP CONSTRAINT message_parsed_sealed_check;
ALTER TABLE message_parsed DROP COLUMN outline;
ALTER TABLE message_parsed ADD CONSTRAINT message_parsed_sealed_check
    CHECK (key_id = '' OR (key_id ~ '^[a-z0-9_-]{1,16}$'
        AND (text_body = '' OR starts_with(text_body, key_id || ':'))
        AND (html_body = '' OR starts_with(html_body, key_id || ':')))) NOT VALID;
