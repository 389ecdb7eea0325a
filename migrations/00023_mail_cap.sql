-- +goose Up
-- One per-recipient cap of automatic mail (alerts, digests, supplement
-- requests, forwards), shared by every serve process: one row per message
-- handed to the relay, written in the sending job's transaction
-- (postgres.Store.ReserveMail). It replaces the daily counters of
-- mail_sent, whose counts of the last two days are carried over.
CREATE TABLE mail_send (
    recipient text        NOT NULL,
    sent_at   timestamptz NOT NULL
);
CREATE INDEX mail_send_recipient_idx ON mail_send (recipient, sent_at);
INSERT INTO mail_send (recipient, sent_at)
SELECT m.recipient, m.day::timestamp AT TIME ZONE '+07:00'
FROM mail_sent m, generate_series(1, m.count)
WHERE m.day >= current_date - 1;
DROP TABLE mail_sent;

-- +goose Down
CREATE TABLE mail_sent (
    recipient text NOT NULL,
    day       date NOT NULL,
    count     int  NOT NULL DEFAULT 0,
    PRIMARY KEY (recipient, day)
);
INSERT INTO mail_sent (recipient, day, count)
SELECT recipient, (sent_at AT TIME ZONE '+07:00')::date, count(*) FROM mail_send GROUP BY 1, 2;
DROP TABLE mail_send;
