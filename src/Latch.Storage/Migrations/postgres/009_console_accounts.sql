-- People who sign in to the admin web UI: a password (PBKDF2, the stored form names algorithm and cost) and an
-- authenticator app (TOTP secret sealed like users' authenticators). role is admin, operator or auditor.
CREATE TABLE console_accounts (
    pk             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text    NOT NULL UNIQUE,
    user_name      text    NOT NULL UNIQUE,
    role           text    NOT NULL,
    password_hash  text    NOT NULL,
    totp_secret    bytea   NOT NULL,
    state          text    NOT NULL, -- pending (until the first valid authenticator code), active
    last_step      bigint  NOT NULL DEFAULT -1, -- the last accepted TOTP time step: a step signs in once
    created_at     bigint  NOT NULL,
    created_by     text    NOT NULL,
    last_sign_in_at bigint
);
