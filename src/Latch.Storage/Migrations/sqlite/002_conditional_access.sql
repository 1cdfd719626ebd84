-- Conditional access: user attributes the policies read, versioned policies, sign-ins, challenges and sessions.

-- role: the Latch role a person holds (admin, operator, auditor), for lock-out protection; risk: user risk set by admins.
ALTER TABLE users ADD COLUMN role TEXT;
ALTER TABLE users ADD COLUMN risk TEXT NOT NULL DEFAULT 'none';

-- 0 = not bound to a challenge. A challenge's code opens only that challenge; other codes never open a challenge.
ALTER TABLE codes ADD COLUMN challenge_pk INTEGER NOT NULL DEFAULT 0;

CREATE TABLE policies (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    version     INTEGER NOT NULL,
    document    TEXT    NOT NULL, -- the policy document (JSON)
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT    NOT NULL
);

-- Every save keeps its version here, and a delete adds a last one: the history outlives the policy.
CREATE TABLE policy_versions (
    pk          INTEGER PRIMARY KEY,
    policy_id   TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    change      TEXT    NOT NULL, -- created, updated, deleted
    document    TEXT    NOT NULL,
    changed_at  INTEGER NOT NULL,
    changed_by  TEXT    NOT NULL,
    UNIQUE (policy_id, version)
);

CREATE TABLE sign_ins (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    at            INTEGER NOT NULL,
    user_id       TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    ip            TEXT,
    decision      TEXT    NOT NULL, -- allow, block, challenge
    context       TEXT    NOT NULL, -- the request context and the computed risk (JSON)
    policies      TEXT    NOT NULL, -- per-policy verdicts and reasons (JSON)
    challenge_id  TEXT,
    outcome       TEXT,             -- for challenges: pending, satisfied, failed
    session_id    TEXT
);

CREATE INDEX sign_ins_at ON sign_ins (at);
CREATE INDEX sign_ins_user ON sign_ins (user_id, pk);
CREATE INDEX sign_ins_resource ON sign_ins (resource_id, pk);

CREATE TABLE challenges (
    pk                  INTEGER PRIMARY KEY,
    id                  TEXT    NOT NULL UNIQUE,
    sign_in_pk          INTEGER NOT NULL REFERENCES sign_ins (pk),
    user_pk             INTEGER NOT NULL REFERENCES users (pk),
    resource_pk         INTEGER NOT NULL REFERENCES resources (pk),
    methods             TEXT    NOT NULL, -- JSON array
    requirements        TEXT    NOT NULL, -- JSON array of what a grant will say was satisfied
    code_ttl_seconds    INTEGER NOT NULL,
    grant_ttl_seconds   INTEGER NOT NULL,
    state               INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 satisfied
    created_at          INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL
);

CREATE TABLE sessions (
    pk             INTEGER PRIMARY KEY,
    id             TEXT    NOT NULL UNIQUE,
    user_id        TEXT    NOT NULL,
    resource_id    TEXT    NOT NULL,
    sign_in_id     TEXT    NOT NULL,
    requirements   TEXT    NOT NULL, -- JSON array of the requirements satisfied
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoked_by     TEXT,
    revoke_reason  TEXT
);

CREATE INDEX sessions_user ON sessions (user_id);
