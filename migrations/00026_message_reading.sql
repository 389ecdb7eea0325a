-- What was read from each message is stored once, typed: the official
-- document's fields (Decree 30/2020: number and symbol, type, issuer,
-- signing date, secrecy and urgency marks, Kính gửi, Nơi nhận), where the
-- document was found, the sender data of Điều 9 khoản 3 as read (masked,
-- Điều 4 khoản 4), the sender authentication of the From: domain (SPF,
-- DKIM, DMARC: issue 12) and the problems for a person; the digital
-- signatures of the attachments in a table of their own. Until now the
-- workers (classification, replies, notices, supplement requests, the
-- deadlines' facts) and the item page decoded them again from the report
-- stored with the message (message_parsed.derived, the `tiepnhan inspect`
-- JSON). The store returns them as finding.Reading (postgres.Reading).
--
-- Personal values are the masked copies the report held; the clear ones
-- are in the sealed texts (migration 00003) and submitter_data (00032).
-- The stored reports lose what moved here: they keep what was read of the
-- message, its body and its attachments (derive.Restored reads them with
-- the typed reading for the classifier). A database older than 00050
-- migrated in one go indexes its old messages for search without their
-- number and symbol until `tiepnhan reprocess`.

-- +goose Up
CREATE TABLE message_reading (
    message_id         bigint  PRIMARY KEY REFERENCES message (id),
    -- document.Fields
    found              boolean NOT NULL DEFAULT false,
    number             text    NOT NULL DEFAULT '',
    year               int     NOT NULL DEFAULT 0,
    symbol             text    NOT NULL DEFAULT '',
    number_symbol      text    NOT NULL DEFAULT '',
    document_type      text    NOT NULL DEFAULT '',
    issuer             text    NOT NULL DEFAULT '',
    issuer_parent      text    NOT NULL DEFAULT '',
    place              text    NOT NULL DEFAULT '',
    signed_on          date,
    summary            text    NOT NULL DEFAULT '',
    signer             text    NOT NULL DEFAULT '',
    signer_title       text    NOT NULL DEFAULT '',
    authority          text    NOT NULL DEFAULT '',
    authority_for      text    NOT NULL DEFAULT '',
    secrecy            text    NOT NULL DEFAULT '',
    urgency            text    NOT NULL DEFAULT '',
    addressees         text[]  NOT NULL DEFAULT '{}',
    recipients         text[]  NOT NULL DEFAULT '{}',
    portal_recipient   boolean NOT NULL DEFAULT false,
    portal_for_posting boolean NOT NULL DEFAULT false,
    -- the source line of each field found, by the field's JSON name
    evidence           jsonb   NOT NULL DEFAULT '{}',
    -- "body", "attachment:NAME", "" when no document was found
    document_source    text    NOT NULL DEFAULT '',
    -- finding.Submitter, personal values masked
    sender_organization text   NOT NULL DEFAULT '',
    sender_name         text   NOT NULL DEFAULT '',
    sender_title        text   NOT NULL DEFAULT '',
    sender_tax_code     text   NOT NULL DEFAULT '',
    sender_citizen_id   text   NOT NULL DEFAULT '',
    sender_phone        text   NOT NULL DEFAULT '',
    sender_address      text   NOT NULL DEFAULT '',
    sender_missing      text[] NOT NULL DEFAULT '{}',
    sender_invalid      text[] NOT NULL DEFAULT '{}',
    -- mailauth.Result; auth_checked false: nothing known
    auth_checked       boolean NOT NULL DEFAULT false,
    auth_spf           text    NOT NULL DEFAULT '',
    auth_dkim          text    NOT NULL DEFAULT '',
    auth_dmarc         text    NOT NULL DEFAULT '',
    auth_trusted       boolean NOT NULL DEFAULT false,
    auth_source        text    NOT NULL DEFAULT '',
    auth_aligned       boolean NOT NULL DEFAULT false,
    -- finding.Problem, one element per problem in each array
    problem_codes      text[]  NOT NULL DEFAULT '{}',
    problem_wheres     text[]  NOT NULL DEFAULT '{}',
    problem_details    text[]  NOT NULL DEFAULT '{}'
);

-- finding.Signature of attachment `filename`, in the order read (ord).
CREATE TABLE message_signature (
    message_id        bigint      NOT NULL REFERENCES message (id),
    ord               int         NOT NULL,
    filename          text        NOT NULL DEFAULT '',
    kind              text        NOT NULL DEFAULT '',
    signer            text        NOT NULL DEFAULT '',
    signer_kind       text        NOT NULL DEFAULT '',
    organization      text        NOT NULL DEFAULT '',
    issuer            text        NOT NULL DEFAULT '',
    signed_at         timestamptz,
    signed_at_source  text        NOT NULL DEFAULT '',
    timestamped       boolean     NOT NULL DEFAULT false,
    covers_whole_file boolean     NOT NULL DEFAULT false,
    appended_bytes    bigint      NOT NULL DEFAULT 0,
    valid             boolean     NOT NULL DEFAULT false,
    trusted           boolean     NOT NULL DEFAULT false,
    problem           text        NOT NULL DEFAULT '',
    detail            text        NOT NULL DEFAULT '',
    PRIMARY KEY (message_id, ord)
);

-- Backfill from the reports stored before this migration.
-- +goose StatementBegin
CREATE FUNCTION pg_temp.reading_date(s text) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF s !~ '^\d{4}-\d{2}-\d{2}$' THEN
        RETURN NULL;
    END IF;
    RETURN s::date;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION pg_temp.reading_texts(v jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(v)) ELSE '{}' END
$$;
-- +goose StatementEnd

INSERT INTO message_reading (message_id, found, number, year, symbol, number_symbol, document_type, issuer, issuer_parent,
    place, signed_on, summary, signer, signer_title, authority, authority_for, secrecy, urgency, addressees, recipients,
    portal_recipient, portal_for_posting, evidence, document_source,
    sender_organization, sender_name, sender_title, sender_tax_code, sender_citizen_id, sender_phone, sender_address,
    sender_missing, sender_invalid, auth_checked, auth_spf, auth_dkim, auth_dmarc, auth_trusted, auth_source, auth_aligned,
    problem_codes, problem_wheres, problem_details)
SELECT p.message_id, coalesce((d ->> 'found')::boolean, false), coalesce(d ->> 'number', ''),
    CASE WHEN jsonb_typeof(d -> 'year') = 'number' THEN (d ->> 'year')::int ELSE 0 END,
    coalesce(d ->> 'symbol', ''), coalesce(d ->> 'number_symbol', ''), coalesce(d ->> 'type', ''),
    coalesce(d ->> 'issuer', ''), coalesce(d ->> 'issuer_parent', ''), coalesce(d ->> 'place', ''),
    pg_temp.reading_date(d ->> 'signed_on'), coalesce(d ->> 'summary', ''), coalesce(d ->> 'signer', ''),
    coalesce(d ->> 'signer_title', ''), coalesce(d ->> 'authority', ''), coalesce(d ->> 'authority_for', ''),
    coalesce(d ->> 'secrecy', ''), coalesce(d ->> 'urgency', ''),
    pg_temp.reading_texts(d -> 'addressees'), pg_temp.reading_texts(d -> 'recipients'),
    coalesce((d ->> 'portal_recipient')::boolean, false), coalesce((d ->> 'portal_for_posting')::boolean, false),
    CASE WHEN jsonb_typeof(d -> 'evidence') = 'object' THEN d -> 'evidence' ELSE '{}' END,
    coalesce(p.derived ->> 'document_source', ''),
    coalesce(s ->> 'organization', ''), coalesce(s ->> 'name', ''), coalesce(s ->> 'title', ''),
    coalesce(s ->> 'tax_code', ''), coalesce(s ->> 'citizen_id', ''), coalesce(s ->> 'phone', ''), coalesce(s ->> 'address', ''),
    pg_temp.reading_texts(s -> 'missing'), pg_temp.reading_texts(s -> 'invalid'),
    coalesce(jsonb_typeof(a) = 'object', false), coalesce(a ->> 'spf', ''), coalesce(a ->> 'dkim', ''), coalesce(a ->> 'dmarc', ''),
    coalesce((a ->> 'trusted')::boolean, false), coalesce(a ->> 'source', ''), coalesce((a ->> 'aligned')::boolean, false),
    ARRAY(SELECT coalesce(x ->> 'code', '') FROM jsonb_array_elements(pr) WITH ORDINALITY AS e(x, n) ORDER BY n),
    ARRAY(SELECT coalesce(x ->> 'where', '') FROM jsonb_array_elements(pr) WITH ORDINALITY AS e(x, n) ORDER BY n),
    ARRAY(SELECT coalesce(x ->> 'detail', '') FROM jsonb_array_elements(pr) WITH ORDINALITY AS e(x, n) ORDER BY n)
FROM message_parsed p,
     LATERAL (SELECT CASE WHEN jsonb_typeof(p.derived -> 'document') = 'object' THEN p.derived -> 'document' ELSE '{}' END AS d,
                     CASE WHEN jsonb_typeof(p.derived -> 'submitter') = 'object' THEN p.derived -> 'submitter' ELSE '{}' END AS s,
                     p.derived -> 'message' -> 'auth' AS a,
                     CASE WHEN jsonb_typeof(p.derived -> 'problems') = 'array' THEN p.derived -> 'problems' ELSE '[]' END AS pr) r
ON CONFLICT (message_id) DO NOTHING;

INSERT INTO message_signature (message_id, ord, filename, kind, signer, signer_kind, organization, issuer, signed_at,
    signed_at_source, timestamped, covers_whole_file, appended_bytes, valid, trusted, problem, detail)
SELECT p.message_id, (row_number() OVER (PARTITION BY p.message_id ORDER BY an, sn))::int - 1, coalesce(att ->> 'filename', ''),
    coalesce(sig ->> 'kind', ''), coalesce(sig ->> 'signer', ''), coalesce(sig ->> 'signer_kind', ''),
    coalesce(sig ->> 'organization', ''), coalesce(sig ->> 'issuer', ''), (sig ->> 'signed_at')::timestamptz,
    coalesce(sig ->> 'signed_at_source', ''), coalesce((sig ->> 'timestamped')::boolean, false),
    coalesce((sig ->> 'covers_whole_file')::boolean, false), coalesce((sig ->> 'appended_bytes')::bigint, 0),
    coalesce((sig ->> 'valid')::boolean, false), coalesce((sig ->> 'trusted')::boolean, false),
    coalesce(sig ->> 'problem', ''), coalesce(sig ->> 'detail', '')
FROM message_parsed p,
     jsonb_array_elements(CASE WHEN jsonb_typeof(p.derived -> 'attachments') = 'array' THEN p.derived -> 'attachments' ELSE '[]' END)
         WITH ORDINALITY AS at(att, an),
     jsonb_array_elements(CASE WHEN jsonb_typeof(att -> 'signatures') = 'array' THEN att -> 'signatures' ELSE '[]' END)
         WITH ORDINALITY AS sg(sig, sn)
ON CONFLICT (message_id, ord) DO NOTHING;

-- The reports keep what was read of the message, its body and its
-- attachments: the rest lives in the tables above (stored once).
UPDATE message_parsed SET derived = derived - 'document' - 'document_source' - 'submitter' - 'problems'
WHERE derived ?| ARRAY['document', 'document_source', 'submitter', 'problems'];
UPDATE message_parsed SET derived = derived #- '{message,auth}' WHERE derived -> 'message' ? 'auth';
UPDATE message_parsed SET derived = jsonb_set(derived, '{attachments}',
    (SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(a) = 'object' THEN a - 'signatures' ELSE a END ORDER BY n), '[]')
     FROM jsonb_array_elements(derived -> 'attachments') WITH ORDINALITY AS e(a, n)))
WHERE jsonb_typeof(derived -> 'attachments') = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(derived -> 'attachments') a WHERE jsonb_typeof(a) = 'object' AND a ? 'signatures');

-- +goose Down
-- The reports get back the document, its source, the sender data, the
-- problems and the authentication (the signatures stay lost: read the
-- messages again with `tiepnhan reprocess`).
UPDATE message_parsed p SET derived = p.derived || jsonb_build_object(
    'document', jsonb_build_object('found', r.found, 'number', r.number, 'year', r.year, 'symbol', r.symbol,
        'number_symbol', r.number_symbol, 'type', r.document_type, 'issuer', r.issuer, 'issuer_parent', r.issuer_parent,
        'place', r.place, 'signed_on', coalesce(to_char(r.signed_on, 'YYYY-MM-DD'), ''), 'summary', r.summary, 'signer', r.signer,
        'signer_title', r.signer_title, 'authority', r.authority, 'authority_for', r.authority_for, 'secrecy', r.secrecy,
        'urgency', r.urgency, 'addressees', to_jsonb(r.addressees), 'recipients', to_jsonb(r.recipients),
        'portal_recipient', r.portal_recipient, 'portal_for_posting', r.portal_for_posting, 'evidence', r.evidence),
    'document_source', r.document_source,
    'submitter', jsonb_build_object('organization', r.sender_organization, 'name', r.sender_name, 'title', r.sender_title,
        'tax_code', r.sender_tax_code, 'citizen_id', r.sender_citizen_id, 'phone', r.sender_phone, 'address', r.sender_address,
        'missing', to_jsonb(r.sender_missing), 'invalid', to_jsonb(r.sender_invalid), 'revealed', false),
    'problems', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', c, 'where', w, 'detail', d) ORDER BY n), '[]')
                 FROM unnest(r.problem_codes, r.problem_wheres, r.problem_details) WITH ORDINALITY AS x(c, w, d, n)))
FROM message_reading r WHERE r.message_id = p.message_id;
UPDATE message_parsed p SET derived = jsonb_set(p.derived, '{message,auth}', jsonb_build_object('spf', r.auth_spf, 'dkim', r.auth_dkim,
    'dmarc', r.auth_dmarc, 'trusted', r.auth_trusted, 'source', r.auth_source, 'aligned', r.auth_aligned))
FROM message_reading r WHERE r.message_id = p.message_id AND r.auth_checked AND jsonb_typeof(p.derived -> 'message') = 'object';
DROP TABLE message_signature, message_reading;
