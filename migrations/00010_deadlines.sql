-- Deadlines (issue "Working-day calendar and legal deadlines"): the
-- deadlines of Regulation 1319/QĐ-BTP (Điều 10, 11 khoản 2, 12 khoản 3, 13)
-- given to each submission, what moved them and why, the administrators'
-- calendar overrides, and a record of every alert sent so that each is sent
-- exactly once.

-- +goose Up
CREATE TABLE deadline (
    id             bigserial PRIMARY KEY,
    submission_id  bigint      NOT NULL REFERENCES submission (id),
    rule_id        text        NOT NULL,              -- "13.1"
    article        text        NOT NULL,              -- "Điều 13 khoản 1"
    basis          text        NOT NULL,              -- the Regulation's text
    -- The rule as it was when the deadline was made (internal/deadline.Rule),
    -- so that a later change of the rules file never rewrites history.
    rule           jsonb       NOT NULL,
    start_event    text        NOT NULL,
    starts_at      timestamptz NOT NULL,
    -- Set when the start was known only as a date (a signing date): counting
    -- starts at the end of that date.
    start_date     date,
    requested_date date,                              -- Điều 10 khoản 3
    allowed        interval    NOT NULL,              -- working time allowed
    due_at         timestamptz NOT NULL,
    state          text        NOT NULL CHECK (state IN ('running', 'paused', 'met', 'breached', 'cancelled')),
    paused_at      timestamptz,                       -- start of the current pause
    paused_total   interval    NOT NULL DEFAULT '0',  -- working time paused so far
    pauses         jsonb       NOT NULL DEFAULT '[]', -- [{"from":…, "to":…}]
    stopped_at     timestamptz,
    breached_at    timestamptz,
    cancelled_at   timestamptz,
    explanation    text        NOT NULL DEFAULT '',
    -- Who answers for it (step 0 of the escalation chain); '' means the
    -- Standing Board's desk from the [alerts] settings.
    assignee       text        NOT NULL DEFAULT '',
    -- Bumped whenever due_at moves; alert jobs carry the instant they were
    -- scheduled for and do nothing when it no longer matches.
    generation     int         NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
-- One live deadline per rule and submission; cancelled and settled ones stay
-- as history (a second supplement request makes a second 11.2 deadline).
CREATE UNIQUE INDEX deadline_live_idx ON deadline (submission_id, rule_id) WHERE state IN ('running', 'paused');
CREATE INDEX deadline_submission_idx ON deadline (submission_id);
CREATE INDEX deadline_open_idx ON deadline (due_at) WHERE state IN ('running', 'paused') OR (state = 'breached' AND stopped_at IS NULL);

-- What happened to a deadline and why: created, paused, resumed, met,
-- breached, cancelled, recomputed (calendar change: old and new due).
CREATE TABLE deadline_event (
    id            bigserial PRIMARY KEY,
    deadline_id   bigint      NOT NULL REFERENCES deadline (id),
    submission_id bigint      NOT NULL REFERENCES submission (id),
    at            timestamptz NOT NULL DEFAULT now(),
    actor         text        NOT NULL DEFAULT 'system',
    kind          text        NOT NULL,
    old_due       timestamptz,
    new_due       timestamptz,
    old_state     text        NOT NULL DEFAULT '',
    new_state     text        NOT NULL DEFAULT '',
    reason        text        NOT NULL DEFAULT '',
    detail        jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX deadline_event_idx ON deadline_event (deadline_id, at);

-- Days an administrator declared off or working, over the built-in calendar
-- (Labor Code holidays and the official schedules of internal/workday).
CREATE TABLE calendar_override (
    day        date        PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('day_off', 'working')),
    reason     text        NOT NULL,
    actor      text        NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every change of calendar_override, with how many open deadlines moved.
CREATE TABLE calendar_change (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor     text        NOT NULL,
    day       date        NOT NULL,
    old_kind  text        NOT NULL DEFAULT '',   -- '' = no override
    new_kind  text        NOT NULL DEFAULT '',
    reason    text        NOT NULL DEFAULT '',
    moved     int         NOT NULL DEFAULT 0
);

-- One row whose version goes up with every calendar change: running
-- services compare it to reload their calendar.
CREATE TABLE calendar_state (
    id      int    PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    version bigint NOT NULL DEFAULT 0
);
INSERT INTO calendar_state (id, version) VALUES (1, 0);

-- Every alert: its intent is recorded before the mail is handed to the relay
-- and marked sent in the same transaction that completes the job; a retry
-- that finds it sent does nothing. The unique key makes "once" structural:
-- (deadline, kind, step) for deadline alerts; (kind, scope) for the digest
-- (scope = the day) and the stalled-intake alert (scope = the episode).
CREATE TABLE alert (
    id          bigserial PRIMARY KEY,
    deadline_id bigint      REFERENCES deadline (id),
    kind        text        NOT NULL,           -- warning, breach, escalation, digest, intake_stalled
    step        int         NOT NULL DEFAULT 0, -- warning: percent; escalation: 1, 2
    scope       text        NOT NULL DEFAULT '',
    state       text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped')),
    recipients  text[]      NOT NULL DEFAULT '{}',
    message_id  text        NOT NULL,
    subject     text        NOT NULL DEFAULT '',
    note        text        NOT NULL DEFAULT '',
    attempts    int         NOT NULL DEFAULT 0,
    last_error  text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    UNIQUE NULLS NOT DISTINCT (deadline_id, kind, step, scope)
);
CREATE INDEX alert_pending_idx ON alert (created_at) WHERE state = 'pending';

-- +goose Down
DROP TABLE alert, calendar_state, calendar_change, calendar_override, deadline_event, deadline;
