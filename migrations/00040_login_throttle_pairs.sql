-- Login throttling per (username, client) and per client (issue 12,
-- findings 4 and 5): an attempt is counted before its password is checked,
-- so window_start becomes the time of the last attempt (a key quiet for
-- the window starts over). The old keys (user:NAME, ip:ADDR) are dropped:
-- a username alone never blocks an account again.

-- +goose Up
DELETE FROM login_throttle;
ALTER TABLE login_throttle RENAME COLUMN window_start TO last_at;

-- +goose Down
DELETE FROM login_throttle;
ALTER TABLE login_throttle RENAME COLUMN last_at TO window_start;
