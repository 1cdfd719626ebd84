-- Authenticator apps (TOTP, RFC 6238). The secret is sealed with AES-GCM under a key derived from the server key
-- ring (version byte, key id, nonce, ciphertext and tag); it is never stored in plain text.
CREATE TABLE authenticators (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    user_pk       INTEGER NOT NULL REFERENCES users (pk),
    kind          TEXT    NOT NULL, -- totp
    algorithm     TEXT    NOT NULL, -- SHA1, SHA256, SHA512
    digits        INTEGER NOT NULL,
    period        INTEGER NOT NULL, -- seconds per time step
    secret        BLOB    NOT NULL,
    state         TEXT    NOT NULL, -- pending (until the first valid code), active
    last_step     INTEGER NOT NULL DEFAULT -1, -- the last accepted time step: a step is accepted once
    created_at    INTEGER NOT NULL,
    activated_at  INTEGER
);

CREATE INDEX authenticators_user ON authenticators (user_pk, pk);
