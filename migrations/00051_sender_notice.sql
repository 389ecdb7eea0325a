-- Notices to the sender of a submission (issue 14): the acknowledgement of
-- receipt with the tracking code and the deadline that applies, and the
-- notices of publication, refusal (Điều 14), forwarding to a unit (Điều 11
-- khoản 1) and a supplement still missing (Điều 11 khoản 2). One row per
-- (submission, kind): a notice is sent at most once, as alerts are.

-- +goose Up
CREATE TABLE sender_notice (
    id            bigserial   PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    kind          text        NOT NULL CHECK (kind IN ('ack', 'published', 'refused', 'forwarded', 'supplement_missing')),
    -- pending: to be sent; sent; skipped: never to be sent (note says why:
    -- an automatic or unauthenticated sender, a quarantined item, the kind
    -- turned off).
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped')),
    note          text        NOT NULL DEFAULT '',
    to_addr       text        NOT NULL DEFAULT '',
    message_id    text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    UNIQUE (submission_id, kind)
);

-- +goose Down
DROP TABLE sender_notice;
