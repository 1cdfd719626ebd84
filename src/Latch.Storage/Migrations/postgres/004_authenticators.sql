-- Authenticator apps (TOTP, RFC 6238). The secret is sealed with AES-GCM under a key derived from the server key
-- ring (version byte, key id, nonce, ciphertext and tag); it is never stored in plain text.
CREATE TABLE authenticators (
    pk            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text    NOT NULL UNIQUE,
    user_pk       bigint  NOT NULL REFERENCES users (pk),
    kind          text    NOT NULL, -- totp
    algorithm     text    NOT NULL, -- SHA1, SHA256, SHA512
    digits        integer NOT NULL,
    period        integer NOT NULL, -- seconds per time step
    secret        bytea   NOT NULL,
    state         text    NOT NULL, -- pending (until the first valid code), active
    last_step     bigint  NOT NULL DEFAULT -1, -- the last accepted time step: a step is accepted once
    created_at    bigint  NOT NULL,
    activated_at  bigint
);

CREATE INDEX authenticators_user ON authenticators (user_pk, pk);
