-- Search across every item, open and closed (issue 14): the subject, the
-- sender's name and address, the tracking reference, the document's number
-- and symbol, the body and the attachments' text of each message, typed
-- with or without Vietnamese diacritics.
--
-- Điều 4 khoản 4: bodies and attachment texts are sealed at rest (00003);
-- what PostgreSQL reads itself holds a redacted copy written by the
-- service (internal/pii, the sender-aware redactor of internal/derive), so
-- a sealed citizen ID, tax code, phone or address can never be found.
--
-- The text search configuration tiepnhan_vn is `simple` (no stemming: the
-- syllables of Vietnamese are words of their own) behind `unaccent`, which
-- folds "trợ giúp pháp lý" and "tro giup phap ly" (and đ/Đ) to one lexeme.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- +goose StatementBegin
DO $$
BEGIN
    CREATE TEXT SEARCH CONFIGURATION tiepnhan_vn (COPY = simple);
EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL; -- a database restored from a dump keeps its configuration
END $$;
-- +goose StatementEnd
ALTER TEXT SEARCH CONFIGURATION tiepnhan_vn
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart,
        email, url, host, url_path, file
    WITH unaccent, simple;

-- One row per message of a submission (replies and supplements included).
-- head: subject, sender, number and symbol (ranked first); body: the body
-- and the attachments' text, capped by the service.
CREATE TABLE message_search (
    message_id    bigint PRIMARY KEY REFERENCES message (id),
    head          text NOT NULL DEFAULT '',
    body          text NOT NULL DEFAULT '',
    -- the codes of head and body (tracking references, numbers and
    -- symbols), lower-cased, space-separated (intake.SearchCode)
    codes         text NOT NULL DEFAULT '',
    tsv           tsvector GENERATED ALWAYS AS (
                      setweight(to_tsvector('tiepnhan_vn', head), 'A') ||
                      setweight(to_tsvector('tiepnhan_vn', body), 'B')) STORED
);
CREATE INDEX message_search_tsv_idx ON message_search USING gin (tsv);
-- Codes and the tracking reference by substring ("125/QĐ", "000123"):
-- trigram indexes.
CREATE INDEX message_search_codes_trgm_idx ON message_search USING gin (codes gin_trgm_ops);
CREATE INDEX submission_reference_trgm_idx ON submission USING gin (lower(reference) gin_trgm_ops);

-- What was stored before this migration is searchable by subject, sender,
-- number and symbol and body (the stored report's redacted body text);
-- `tiepnhan reprocess` adds the attachments' text.
-- +goose StatementBegin
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'message_parsed' AND column_name = 'derived' AND table_schema = current_schema()) THEN
        INSERT INTO message_search (message_id, head, body, codes)
        SELECT p.message_id,
               concat_ws(' ', p.subject, p.from_name, p.from_addr, p.derived #>> '{document,number_symbol}'),
               left(coalesce(p.derived #>> '{body,text}', ''), 262144),
               lower(coalesce(p.derived #>> '{document,number_symbol}', ''))
        FROM message_parsed p JOIN message m ON m.id = p.message_id
        WHERE m.submission_id IS NOT NULL
        ON CONFLICT (message_id) DO NOTHING;
    END IF;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX IF EXISTS submission_reference_trgm_idx;
DROP TABLE message_search;
DROP TEXT SEARCH CONFIGURATION IF EXISTS tiepnhan_vn;
