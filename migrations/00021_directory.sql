-- The directory of units, editors, board members and component sites
-- (Quy chế 1319/QĐ-BTP Điều 11 khoản 1, Điều 12 khoản 3, Điều 21 khoản 1,
-- 5, 6), versioned by the day each version takes effect. The seed versions
-- ship with the program (internal/directory/seed); administrators store
-- edited versions here, and the version in force on a day is the latest
-- that took effect on or before it. Absences make a person unavailable for
-- routing on those days.

-- +goose Up
CREATE TABLE directory_version (
    id             bigserial   PRIMARY KEY,
    effective_from date        NOT NULL UNIQUE,
    source         text        NOT NULL DEFAULT '',
    data           jsonb       NOT NULL,
    created_by     text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person_absence (
    id         bigserial   PRIMARY KEY,
    person_id  text        NOT NULL,
    from_day   date        NOT NULL,
    to_day     date        NOT NULL,
    note       text        NOT NULL DEFAULT '',
    created_by text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (to_day >= from_day)
);
CREATE INDEX person_absence_idx ON person_absence (person_id, from_day, to_day);

-- +goose Down
DROP TABLE person_absence, directory_version;
