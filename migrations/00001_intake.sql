-- Intake: mailboxes, messages kept losslessly, submissions (issue "Lossless
-- mailbox intake"). Receipt time is the server's INTERNALDATE (Điều 11
-- khoản 1, bước 1: TTBBT tiếp nhận), never the sender's Date: header.

-- +goose Up
CREATE TABLE mailbox (
    id           bigserial PRIMARY KEY,
    account      text        NOT NULL,
    name         text        NOT NULL,
    -- RFC 3501 §2.3.1.1: UIDs are valid only under one UIDVALIDITY.
    uid_validity bigint      NOT NULL DEFAULT 0,
    last_uid     bigint      NOT NULL DEFAULT 0,
    last_sync_at timestamptz,
    last_error   text        NOT NULL DEFAULT '',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account, name)
);

-- Every log line a person needs about a mailbox: UIDVALIDITY changes, resyncs.
CREATE TABLE mailbox_event (
    id         bigserial PRIMARY KEY,
    mailbox_id bigint      NOT NULL REFERENCES mailbox (id),
    at         timestamptz NOT NULL DEFAULT now(),
    kind       text        NOT NULL,
    detail     jsonb       NOT NULL DEFAULT '{}'
);

CREATE TABLE submission (
    id               bigserial PRIMARY KEY,
    reference        text        NOT NULL UNIQUE,
    state            text        NOT NULL DEFAULT 'received',
    subject          text        NOT NULL DEFAULT '',
    from_addr        text        NOT NULL DEFAULT '',
    from_name        text        NOT NULL DEFAULT '',
    received_at      timestamptz NOT NULL,
    first_message_id bigint      NOT NULL UNIQUE,
    flags            text[]      NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX submission_state_idx ON submission (state, received_at);

CREATE TABLE message (
    id            bigserial PRIMARY KEY,
    mailbox_id    bigint REFERENCES mailbox (id),
    uid_validity  bigint,
    uid           bigint,
    -- Message-ID without <>; '' when absent. With sha256 it is the
    -- deduplication key used after a UIDVALIDITY change.
    message_id    text        NOT NULL DEFAULT '',
    sha256        text        NOT NULL,
    size          bigint      NOT NULL,
    received_at   timestamptz NOT NULL,
    header_only   boolean     NOT NULL DEFAULT false,
    kind          text        NOT NULL DEFAULT 'pending',
    flags         text[]      NOT NULL DEFAULT '{}',
    submission_id bigint REFERENCES submission (id),
    source        text        NOT NULL DEFAULT 'imap',
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (mailbox_id, uid_validity, uid),
    UNIQUE (message_id, sha256)
);
CREATE INDEX message_submission_idx ON message (submission_id);
CREATE INDEX message_message_id_idx ON message (message_id) WHERE message_id <> '';

ALTER TABLE submission ADD FOREIGN KEY (first_message_id) REFERENCES message (id);

-- The exact bytes as fetched (RFC 5322), so that everything derived can be
-- rebuilt (`tiepnhan reprocess`). Kept apart so that listings never read it.
CREATE TABLE message_raw (
    message_id bigint PRIMARY KEY REFERENCES message (id),
    raw        bytea NOT NULL
);
-- Mail is mostly base64 attachments: lz4 is far cheaper than pglz for the
-- little it saves. Servers built without lz4 keep the default.
-- +goose StatementBegin
DO $$ BEGIN
    ALTER TABLE message_raw ALTER COLUMN raw SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
END $$;
-- +goose StatementEnd

-- What the parser derived from a message (rebuildable from message_raw).
CREATE TABLE message_parsed (
    message_id   bigint PRIMARY KEY REFERENCES message (id),
    subject      text        NOT NULL DEFAULT '',
    from_addr    text        NOT NULL DEFAULT '',
    from_name    text        NOT NULL DEFAULT '',
    to_addrs     text[]      NOT NULL DEFAULT '{}',
    cc_addrs     text[]      NOT NULL DEFAULT '{}',
    date_header  timestamptz,
    in_reply_to  text[]      NOT NULL DEFAULT '{}',
    refs         text[]      NOT NULL DEFAULT '{}',
    auto_reason  text        NOT NULL DEFAULT '',
    text_body    text        NOT NULL DEFAULT '',
    html_body    text        NOT NULL DEFAULT '',
    derived      jsonb       NOT NULL DEFAULT '{}',
    parsed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE attachment (
    id           bigserial PRIMARY KEY,
    message_id   bigint NOT NULL REFERENCES message (id),
    idx          int    NOT NULL,
    path         text   NOT NULL DEFAULT '',
    filename     text   NOT NULL DEFAULT '',
    content_type text   NOT NULL DEFAULT '',
    size         bigint NOT NULL DEFAULT 0,
    sha256       text   NOT NULL DEFAULT '',
    UNIQUE (message_id, idx)
);

-- Messages we send (supplement requests, forwards). Their Message-IDs let a
-- reply (In-Reply-To / References, RFC 5322 §3.6.4) attach to its submission.
CREATE TABLE outbound_message (
    id            bigserial PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    message_id    text        NOT NULL UNIQUE,
    kind          text        NOT NULL,
    to_addr       text        NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- The history of a submission, shown on its page.
CREATE TABLE submission_event (
    id            bigserial PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    at            timestamptz NOT NULL DEFAULT now(),
    actor         text        NOT NULL DEFAULT 'system',
    kind          text        NOT NULL,
    detail        jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX submission_event_idx ON submission_event (submission_id, at);

-- +goose Down
DROP TABLE submission_event, outbound_message, attachment, message_parsed, message_raw;
ALTER TABLE submission DROP CONSTRAINT submission_first_message_id_fkey;
DROP TABLE message, submission, mailbox_event, mailbox;
