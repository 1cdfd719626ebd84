-- Conditional access: user attributes the policies read, versioned policies, sign-ins, challenges and sessions.

-- role: the Latch role a person holds (admin, operator, auditor), for lock-out protection; risk: user risk set by admins.
ALTER TABLE users ADD COLUMN role text;
ALTER TABLE users ADD COLUMN risk text NOT NULL DEFAULT 'none';

-- 0 = not bound to a challenge. A challenge's code opens only that challenge; other codes never open a challenge.
ALTER TABLE codes ADD COLUMN challenge_pk bigint NOT NULL DEFAULT 0;

CREATE TABLE policies (
    pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text    NOT NULL UNIQUE,
    name        text    NOT NULL UNIQUE,
    version     integer NOT NULL,
    document    text    NOT NULL, -- the policy document (JSON)
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL,
    updated_by  text    NOT NULL
);

-- Every save keeps its version here, and a delete adds a last one: the history outlives the policy.
CREATE TABLE policy_versions (
    pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    policy_id   text    NOT NULL,
    version     integer NOT NULL,
    change      text    NOT NULL, -- created, updated, deleted
    document    text    NOT NULL,
    changed_at  bigint NOT NULL,
    changed_by  text    NOT NULL,
    UNIQUE (policy_id, version)
);

CREATE TABLE sign_ins (
    pk            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text    NOT NULL UNIQUE,
    at            bigint NOT NULL,
    user_id       text    NOT NULL,
    resource_id   text    NOT NULL,
    ip            text,
    decision      text    NOT NULL, -- allow, block, challenge
    context       text    NOT NULL, -- the request context and the computed risk (JSON)
    policies      text    NOT NULL, -- per-policy verdicts and reasons (JSON)
    challenge_id  text,
    outcome       text,             -- for challenges: pending, satisfied, failed
    session_id    text
);

CREATE INDEX sign_ins_at ON sign_ins (at);
CREATE INDEX sign_ins_user ON sign_ins (user_id, pk);
CREATE INDEX sign_ins_resource ON sign_ins (resource_id, pk);

CREATE TABLE challenges (
    pk                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                  text    NOT NULL UNIQUE,
    sign_in_pk          bigint NOT NULL REFERENCES sign_ins (pk),
    user_pk             bigint NOT NULL REFERENCES users (pk),
    resource_pk         bigint NOT NULL REFERENCES resources (pk),
    methods             text    NOT NULL, -- JSON array
    requirements        text    NOT NULL, -- JSON array of what a grant will say was satisfied
    code_ttl_seconds    integer NOT NULL,
    grant_ttl_seconds   integer NOT NULL,
    state               integer NOT NULL DEFAULT 0, -- 0 pending, 1 satisfied
    created_at          bigint NOT NULL,
    expires_at          bigint NOT NULL
);

CREATE TABLE sessions (
    pk             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text    NOT NULL UNIQUE,
    user_id        text    NOT NULL,
    resource_id    text    NOT NULL,
    sign_in_id     text    NOT NULL,
    requirements   text    NOT NULL, -- JSON array of the requirements satisfied
    created_at     bigint NOT NULL,
    expires_at     bigint NOT NULL,
    revoked_at     bigint,
    revoked_by     text,
    revoke_reason  text
);

CREATE INDEX sessions_user ON sessions (user_id);
