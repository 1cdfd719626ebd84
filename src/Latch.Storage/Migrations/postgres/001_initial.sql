-- Times are UTC instants as Unix milliseconds (the same representation as the SQLite store, so the SQL and
-- the tests are shared). Each table has an internal increasing key (pk) and a random public id.

CREATE TABLE users (
    pk            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text   NOT NULL UNIQUE,
    user_name     text   NOT NULL UNIQUE,
    display_name  text,
    email         text,
    phone         text,
    created_at    bigint NOT NULL
);

CREATE TABLE groups (
    pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text   NOT NULL UNIQUE,
    name        text   NOT NULL UNIQUE,
    created_at  bigint NOT NULL
);

CREATE TABLE group_members (
    group_pk  bigint NOT NULL REFERENCES groups (pk),
    user_pk   bigint NOT NULL REFERENCES users (pk),
    added_at  bigint NOT NULL,
    PRIMARY KEY (group_pk, user_pk)
);

CREATE TABLE resources (
    pk           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text   NOT NULL UNIQUE,
    name         text   NOT NULL UNIQUE,
    kind         text   NOT NULL,
    sensitivity  text   NOT NULL,
    created_at   bigint NOT NULL
);

CREATE TABLE devices (
    pk           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text    NOT NULL UNIQUE,
    name         text    NOT NULL,
    owner_pk     bigint  REFERENCES users (pk),
    platform     text,
    compliant    boolean NOT NULL,
    fingerprint  text,
    created_at   bigint  NOT NULL
);

CREATE TABLE locations (
    pk          bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text    NOT NULL UNIQUE,
    name        text    NOT NULL UNIQUE,
    cidrs       text    NOT NULL, -- JSON array of CIDR strings
    trusted     boolean NOT NULL,
    created_at  bigint  NOT NULL
);

CREATE TABLE api_keys (
    pk          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text   NOT NULL UNIQUE,
    name        text   NOT NULL,
    role        text   NOT NULL,
    key_hash    bytea  NOT NULL UNIQUE, -- version byte + SHA-256 of the key
    created_at  bigint NOT NULL,
    revoked_at  bigint
);

CREATE TABLE codes (
    pk            bigint   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text     NOT NULL UNIQUE,
    user_pk       bigint   NOT NULL REFERENCES users (pk),
    user_id       text     NOT NULL,
    resource_pk   bigint   NOT NULL REFERENCES resources (pk),
    key_id        integer  NOT NULL,
    tag           bytea    NOT NULL, -- version byte + HMAC-SHA256(key, resource, code); never the code
    alphabet      text     NOT NULL,
    length        integer  NOT NULL,
    not_before    bigint   NOT NULL,
    not_after     bigint   NOT NULL,
    max_uses      integer  NOT NULL,
    uses          integer  NOT NULL DEFAULT 0,
    max_attempts  integer  NOT NULL,
    attempts      integer  NOT NULL DEFAULT 0,
    state         smallint NOT NULL DEFAULT 0, -- 0 active, 1 consumed, 2 revoked, 3 dead, 4 expired
    delivery      text,
    created_at    bigint   NOT NULL,
    created_by    text     NOT NULL,
    last_used_at  bigint,
    revoked_at    bigint
);

-- Active codes at one resource never share a value: the typed code alone identifies its holder. Issuance checks
-- first; this index settles the race between nodes issuing the same value at once.
CREATE UNIQUE INDEX codes_active_tag ON codes (resource_pk, tag) WHERE state = 0;
CREATE INDEX codes_tag ON codes (resource_pk, tag);
CREATE INDEX codes_user ON codes (user_pk);

CREATE TABLE audit (
    seq        bigint PRIMARY KEY,
    at         bigint NOT NULL,
    actor      text   NOT NULL,
    action     text   NOT NULL,
    target     text   NOT NULL,
    data       text   NOT NULL,
    prev_hash  bytea  NOT NULL,
    hash       bytea  NOT NULL
);

-- The chain's tip, one row: appenders lock it, so entries are numbered and linked in one order across nodes.
CREATE TABLE audit_head (
    id    integer PRIMARY KEY CHECK (id = 1),
    seq   bigint  NOT NULL,
    hash  bytea   NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: Latch never changes or removes an audit entry.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
