-- The OAuth 2.0 token of each mailbox account (issue 15): providers rotate
-- refresh tokens (RFC 6749 §6), so the one an administrator configured is
-- good once and the current one must survive restarts. It is a secret at
-- rest: sealed with the service's keyring (AES-256-GCM, internal/crypto),
-- bound to the account; as bytea, the audit trail keeps its digest only.

-- +goose Up
CREATE TABLE mailbox_oauth_token (
    account    text PRIMARY KEY,
    sealed     bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE mailbox_oauth_token;
