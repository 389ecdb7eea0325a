-- Accounts, roles scoped to units, sessions and login throttling (issue 6;
-- Điều 7 of Regulation 1319/QĐ-BTP: grant, limit, review, lock and revoke
-- management accounts). Passwords are argon2id hashes (RFC 9106); sessions
-- keep only the SHA-256 of their token.

-- +goose Up
CREATE TABLE account (
    id                  bigserial PRIMARY KEY,
    username            text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
    display_name        text        NOT NULL CHECK (display_name <> ''),
    email               text        NOT NULL DEFAULT '',
    password_hash       text        NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    locale              text        NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
    -- Điều 7 khoản 3: locked accounts can be unlocked, revoked ones cannot.
    state               text        NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'locked', 'revoked')),
    state_reason        text        NOT NULL DEFAULT '',
    state_changed_by    text        NOT NULL DEFAULT '',
    state_changed_at    timestamptz,
    created_by          text        NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    last_login_ip       text        NOT NULL DEFAULT ''
);

-- A role for all units (unit '') or for one unit; expires_at limits it in
-- time (Điều 7 khoản 1: giới hạn).
CREATE TABLE account_grant (
    id         bigserial PRIMARY KEY,
    account_id bigint      NOT NULL REFERENCES account (id),
    role       text        NOT NULL CHECK (role IN ('standing_board', 'editor', 'board_member', 'unit_liaison', 'manager', 'admin')),
    unit       text        NOT NULL DEFAULT '',
    granted_by text        NOT NULL DEFAULT '',
    granted_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    note       text        NOT NULL DEFAULT '',
    UNIQUE (account_id, role, unit),
    CHECK (role <> 'unit_liaison' OR unit <> ''),
    CHECK (role <> 'admin' OR unit = '')
);

CREATE TABLE session (
    token_hash   bytea       PRIMARY KEY,
    account_id   bigint      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    csrf         text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    ip           text        NOT NULL DEFAULT '',
    user_agent   text        NOT NULL DEFAULT ''
);
CREATE INDEX session_account_idx ON session (account_id);

-- Failed logins per key ("user:<name>", "ip:<address>") in a sliding window.
CREATE TABLE login_throttle (
    key           text        PRIMARY KEY,
    failures      int         NOT NULL DEFAULT 0,
    window_start  timestamptz NOT NULL,
    blocked_until timestamptz
);

-- +goose Down
DROP TABLE login_throttle, session, account_grant, account;
