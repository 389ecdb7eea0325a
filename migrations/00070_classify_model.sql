-- The learned classifier (issue 11). Each decision keeps the version of the
-- model that took it, its confidence (the probability that the Điều 13
-- group of the timing class is right) and whether a person must confirm
-- it: an unsure timing class got the stricter Điều 13 khoản 1 deadline
-- ("cần xác nhận loại thời hạn"), an unsure kind goes to a person.

-- +goose Up
ALTER TABLE classification
    ADD COLUMN model_version      text             NOT NULL DEFAULT '',
    ADD COLUMN confidence         double precision NOT NULL DEFAULT 1 CHECK (confidence >= 0 AND confidence <= 1),
    ADD COLUMN needs_confirmation boolean          NOT NULL DEFAULT false;

-- The models administrators promoted (`tiepnhan model promote`): the file,
-- its held-out figures and those of the model it replaced, who promoted
-- it. At most one is in force; none means the model embedded in the
-- program. A rollback ends the one in force (rolled_back_at) and puts the
-- previous one back.
CREATE TABLE classify_model (
    id             bigserial   PRIMARY KEY,
    version        text        NOT NULL,
    body           bytea       NOT NULL,
    figures        jsonb       NOT NULL,
    replaced       jsonb       NOT NULL DEFAULT '{}',
    promoted_by    text        NOT NULL,
    promoted_at    timestamptz NOT NULL DEFAULT now(),
    in_force       boolean     NOT NULL DEFAULT false,
    rolled_back_at timestamptz
);
CREATE UNIQUE INDEX classify_model_in_force_idx ON classify_model (in_force) WHERE in_force;

-- +goose Down
DROP TABLE classify_model;
ALTER TABLE classification DROP COLUMN model_version, DROP COLUMN confidence, DROP COLUMN needs_confirmation;
