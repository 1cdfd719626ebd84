-- People who sign in to the admin web UI: a password (PBKDF2, the stored form names algorithm and cost) and an
-- authenticator app (TOTP secret sealed like users' authenticators). role is admin, operator or auditor.
CREATE TABLE console_accounts (
    pk             INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    user_name      TEXT    NOT NULL UNIQUE,
    role           TEXT    NOT NULL,
    password_hash  TEXT    NOT NULL,
    totp_secret    BLOB    NOT NULL,
    state          TEXT    NOT NULL, -- pending (until the first valid authenticator code), active
    last_step      INTEGER NOT NULL DEFAULT -1, -- the last accepted TOTP time step: a step signs in once
    created_at     INTEGER NOT NULL,
    created_by     TEXT    NOT NULL,
    last_sign_in_at INTEGER
);
