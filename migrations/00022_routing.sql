-- Routing (Quy chế 1319/QĐ-BTP Điều 11, 12 khoản 3, 21 khoản 6): who a
-- submission is assigned to, queries forwarded to their unit with the
-- unit's acknowledgement, supplement requests to authors (Điều 9 khoản 3,
-- Điều 11 khoản 2) and the per-recipient count of automatic mail.

-- +goose Up
CREATE TABLE assignment (
    id            bigserial   PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    target        text        NOT NULL CHECK (target IN ('portal_editor', 'component_site', 'english_team', 'board_member', 'standing_board')),
    person_id     text        NOT NULL DEFAULT '',
    person_email  text        NOT NULL DEFAULT '',
    site          text        NOT NULL DEFAULT '',
    reason        text        NOT NULL DEFAULT '',
    open          boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    closed_at     timestamptz
);
CREATE UNIQUE INDEX assignment_one_open_idx ON assignment (submission_id) WHERE open;
CREATE INDEX assignment_person_open_idx ON assignment (person_id) WHERE open;

-- A query not for posting forwarded to its unit by e-mail, the original
-- attached (Điều 11 khoản 1, bước 2). tracking_ref is in the subject and the
-- Message-ID; the unit's answer threads back (acknowledged_*).
CREATE TABLE forward (
    id              bigserial   PRIMARY KEY,
    submission_id   bigint      NOT NULL UNIQUE REFERENCES submission (id),
    unit            text        NOT NULL,
    to_addr         text        NOT NULL,
    message_id      text        NOT NULL UNIQUE,
    tracking_ref    text        NOT NULL UNIQUE,
    sent_at         timestamptz,
    acknowledged_at timestamptz,
    ack_message_id  bigint      REFERENCES message (id),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- A request to the author to supplement sender data or the Nơi nhận line;
-- answered by a reply that threads back to it.
CREATE TABLE supplement_request (
    id                bigserial   PRIMARY KEY,
    submission_id     bigint      NOT NULL REFERENCES submission (id),
    to_addr           text        NOT NULL,
    message_id        text        NOT NULL UNIQUE,
    missing           text[]      NOT NULL DEFAULT '{}',
    invalid           text[]      NOT NULL DEFAULT '{}',
    portal_line       boolean     NOT NULL DEFAULT false,
    requested_at      timestamptz,
    answered_at       timestamptz,
    answer_message_id bigint      REFERENCES message (id),
    -- what the answer supplied (field names only; values are personal data)
    supplied          text[]      NOT NULL DEFAULT '{}',
    still_missing     text[]      NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX supplement_request_one_idx ON supplement_request (submission_id);

-- Automatic mail per recipient per day (Vietnam's date), for the cap.
CREATE TABLE mail_sent (
    recipient text NOT NULL,
    day       date NOT NULL,
    count     int  NOT NULL DEFAULT 0,
    PRIMARY KEY (recipient, day)
);

-- +goose Down
DROP TABLE mail_sent, supplement_request, forward, assignment;
