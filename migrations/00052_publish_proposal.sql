-- Publication seen, not typed (issue 14): an item of the Portal's feed that
-- matches an open submission (title and text, classify.MatchPublication) is
-- proposed as its publication, with the URL and the feed's time; a person
-- confirms it (the publication then meets the Điều 13 deadline at the
-- feed's time) or dismisses it.

-- +goose Up
CREATE TABLE publish_proposal (
    id            bigserial   PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    published_id  bigint      NOT NULL REFERENCES published_item (id),
    link          text        NOT NULL,
    title         text        NOT NULL DEFAULT '',
    published_at  timestamptz,
    -- the match: title and text resemblance (classify.PublicationMatch)
    score         jsonb       NOT NULL DEFAULT '{}',
    state         text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'dismissed')),
    decided_by    text        NOT NULL DEFAULT '',
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submission_id, published_id)
);
CREATE INDEX publish_proposal_open_idx ON publish_proposal (submission_id) WHERE state = 'open';

-- +goose Down
DROP TABLE publish_proposal;
