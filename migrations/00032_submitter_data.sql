-- Sender data of Điều 9 khoản 3 entered or corrected by staff (a paper
-- submission, an answer by phone), kept per message. The four personal
-- values of Điều 4 khoản 4 (citizen ID, tax code, phone, address) are stored
-- only sealed with AES-256-GCM by internal/crypto ("<key id>:<base64url>");
-- the CHECKs refuse anything that does not look sealed, so a clear value can
-- never be written by mistake. *_mask columns hold the masked form shown by
-- default.

-- +goose Up
CREATE TABLE submitter_data (
    message_id          bigint      PRIMARY KEY REFERENCES message (id),
    channel             text        NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'paper', 'phone', 'other')),
    organization        text        NOT NULL DEFAULT '',
    name                text        NOT NULL DEFAULT '',
    title               text        NOT NULL DEFAULT '',
    citizen_id          text        NOT NULL DEFAULT '' CHECK (citizen_id = '' OR citizen_id ~ '^[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{40,}$'),
    tax_code            text        NOT NULL DEFAULT '' CHECK (tax_code = '' OR tax_code ~ '^[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{40,}$'),
    phone               text        NOT NULL DEFAULT '' CHECK (phone = '' OR phone ~ '^[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{40,}$'),
    address             text        NOT NULL DEFAULT '' CHECK (address = '' OR address ~ '^[a-z0-9_-]{1,16}:[A-Za-z0-9_-]{40,}$'),
    citizen_id_mask     text        NOT NULL DEFAULT '',
    tax_code_mask       text        NOT NULL DEFAULT '',
    phone_mask          text        NOT NULL DEFAULT '',
    address_mask        text        NOT NULL DEFAULT '',
    -- Điều 4 khoản 4: "theo yêu cầu của người cung cấp thông tin".
    do_not_publish_name boolean     NOT NULL DEFAULT false,
    entered_by          text        NOT NULL DEFAULT '',
    entered_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE submitter_data;
