-- Times are UTC instants as Unix milliseconds. Each table has an internal increasing key (pk) for locality
-- and a random public id with its own index.

CREATE TABLE users (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    user_name     TEXT    NOT NULL UNIQUE,
    display_name  TEXT,
    email         TEXT,
    phone         TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE groups (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL
);

CREATE TABLE group_members (
    group_pk  INTEGER NOT NULL REFERENCES groups (pk),
    user_pk   INTEGER NOT NULL REFERENCES users (pk),
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (group_pk, user_pk)
);

CREATE TABLE resources (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    sensitivity  TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);

CREATE TABLE devices (
    pk           INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    owner_pk     INTEGER REFERENCES users (pk),
    platform     TEXT,
    compliant    INTEGER NOT NULL,
    fingerprint  TEXT,
    created_at   INTEGER NOT NULL
);

CREATE TABLE locations (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    cidrs       TEXT    NOT NULL, -- JSON array of CIDR strings
    trusted     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    pk          INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    key_hash    BLOB    NOT NULL UNIQUE, -- version byte + SHA-256 of the key
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE codes (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    user_pk       INTEGER NOT NULL REFERENCES users (pk),
    user_id       TEXT    NOT NULL,
    resource_pk   INTEGER NOT NULL REFERENCES resources (pk),
    key_id        INTEGER NOT NULL,
    tag           BLOB    NOT NULL, -- version byte + HMAC-SHA256(key, resource, code); never the code
    alphabet      TEXT    NOT NULL,
    length        INTEGER NOT NULL,
    not_before    INTEGER NOT NULL,
    not_after     INTEGER NOT NULL,
    max_uses      INTEGER NOT NULL,
    uses          INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    state         INTEGER NOT NULL DEFAULT 0, -- 0 active, 1 consumed, 2 revoked, 3 dead, 4 expired
    delivery      TEXT,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

-- No index covers a column a verification changes (uses, state, last_used_at), so consuming a code rewrites its
-- table page only. Active codes at one resource never share a value: the single writer checks before inserting.
CREATE INDEX codes_tag ON codes (resource_pk, tag);
CREATE INDEX codes_user ON codes (user_pk);

CREATE TABLE audit (
    seq        INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    target     TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    prev_hash  BLOB    NOT NULL,
    hash       BLOB    NOT NULL
);

-- Append-only: Latch never changes or removes an audit entry.
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
