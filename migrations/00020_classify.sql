-- Classification and screening (issue 5; Quy chế 1319/QĐ-BTP Điều 8, 10,
-- 11, 13, 14, 15, 21): the machine's classing of each submission with its
-- evidence, the Điều 14 grounds it raised, the corrections staff make (to
-- improve the rules), the items already published on the Portal and the
-- fingerprints that find near-duplicates (Điều 14 khoản 4).

-- +goose Up
CREATE TABLE classification (
    submission_id  bigint      PRIMARY KEY REFERENCES submission (id),
    rules_version  text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('publish', 'query', 'complaint', 'reply', 'auto_reply', 'other')),
    category       text        NOT NULL DEFAULT '' CHECK (category IN ('', '8.1', '8.2', '8.3', '8.4', '8.5')),
    timing         text        NOT NULL DEFAULT '' CHECK (timing IN ('', 'direction', 'admin_document', 'news_event', 'other')),
    unit           text        NOT NULL DEFAULT '',
    target         text        NOT NULL DEFAULT '',
    language       text        NOT NULL DEFAULT '',
    complex        boolean     NOT NULL DEFAULT false,
    component_site text        NOT NULL DEFAULT '',
    -- Điều 14 khoản 2: never forwarded, visible only to the Standing Board
    -- until a person confirms (quarantine_confirmed_*) or lifts it.
    quarantined            boolean NOT NULL DEFAULT false,
    quarantine_decision    text    NOT NULL DEFAULT '' CHECK (quarantine_decision IN ('', 'confirmed', 'lifted')),
    quarantine_decided_by  text    NOT NULL DEFAULT '',
    quarantine_decided_at  timestamptz,
    -- the whole classify.Result: reasons, scores, flags, supplement needs
    result         jsonb       NOT NULL,
    classified_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classification_quarantined_idx ON classification (submission_id) WHERE quarantined;

-- Staff corrections of the machine's classing: what the rules said, what a
-- person decided, under which rules version. Read to improve the rules
-- file (or to train a model) — `tiepnhan eval` shows the current rules'
-- errors on the labelled corpus.
CREATE TABLE classification_correction (
    id              bigserial   PRIMARY KEY,
    submission_id   bigint      NOT NULL REFERENCES submission (id),
    field           text        NOT NULL CHECK (field IN ('kind', 'category', 'timing', 'unit', 'target', 'language', 'complex')),
    machine_value   text        NOT NULL,
    corrected_value text        NOT NULL,
    rules_version   text        NOT NULL,
    actor           text        NOT NULL,
    note            text        NOT NULL DEFAULT '',
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classification_correction_sub_idx ON classification_correction (submission_id, at);

-- Điều 14 grounds raised by screening, each with its evidence; a person
-- confirms or dismisses it (14.1 and 14.3 are for people only).
CREATE TABLE screening_flag (
    id            bigserial   PRIMARY KEY,
    submission_id bigint      NOT NULL REFERENCES submission (id),
    ground        text        NOT NULL CHECK (ground IN ('14.2', '14.4', '14.5', '14.6')),
    message       text        NOT NULL,
    detail        jsonb       NOT NULL DEFAULT '{}',
    match_source  text        NOT NULL DEFAULT '' CHECK (match_source IN ('', 'submission', 'published')),
    match_ref     text        NOT NULL DEFAULT '',
    state         text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed', 'dismissed')),
    decided_by    text        NOT NULL DEFAULT '',
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submission_id, ground, match_ref)
);
CREATE INDEX screening_flag_open_idx ON screening_flag (ground, created_at) WHERE state = 'open';

-- Items already on the Portal: imported from its RSS feed, or recorded when
-- staff mark a submission published (Điều 14 khoản 4).
CREATE TABLE published_item (
    id            bigserial   PRIMARY KEY,
    link          text        NOT NULL UNIQUE,
    title         text        NOT NULL DEFAULT '',
    published_at  timestamptz,
    category      text        NOT NULL DEFAULT '',
    text          text        NOT NULL DEFAULT '',
    source        text        NOT NULL CHECK (source IN ('feed', 'staff')),
    submission_id bigint      REFERENCES submission (id),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- MinHash fingerprints (internal/classify: 3-word shingles, 128 hashes,
-- 32 LSH bands) of submissions for posting and of published items. Two
-- texts are candidates when their band arrays overlap (GIN index).
CREATE TABLE fingerprint (
    id            bigserial   PRIMARY KEY,
    submission_id bigint      UNIQUE REFERENCES submission (id),
    published_id  bigint      UNIQUE REFERENCES published_item (id),
    ref           text        NOT NULL,
    title         text        NOT NULL DEFAULT '',
    at            timestamptz,
    text          text        NOT NULL,
    shingles      int         NOT NULL,
    signature     bigint[]    NOT NULL,
    bands         bigint[]    NOT NULL,
    CHECK ((submission_id IS NULL) <> (published_id IS NULL))
);
CREATE INDEX fingerprint_bands_idx ON fingerprint USING gin (bands);

-- +goose Down
DROP TABLE fingerprint, published_item, screening_flag, classification_correction, classification;
