-- Doors (issue 5): per-door configuration and offline secrets, the controllers bound to a door, the references of
-- offline codes, and the event log controllers upload. Secrets are stored sealed (AES-GCM under the key ring).

CREATE TABLE doors (
    resource_pk              INTEGER PRIMARY KEY REFERENCES resources (pk),
    offline_mode             INTEGER NOT NULL,
    code_length              INTEGER NOT NULL,
    clock_tolerance_seconds  INTEGER NOT NULL,
    sync_interval_seconds    INTEGER NOT NULL,
    lockout_max_failures     INTEGER NOT NULL,
    lockout_base_seconds     INTEGER NOT NULL,
    lockout_max_seconds      INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    last_action              TEXT,
    last_at                  INTEGER,
    last_user_id             TEXT
);

CREATE TABLE door_controllers (
    pk                INTEGER PRIMARY KEY,
    id                TEXT    NOT NULL UNIQUE,
    door_pk           INTEGER NOT NULL REFERENCES resources (pk),
    door_id           TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    api_key_pk        INTEGER NOT NULL UNIQUE REFERENCES api_keys (pk),
    cert_thumbprint   TEXT UNIQUE,   -- SHA-256 of the current client certificate, hex
    cert_not_after    INTEGER,
    firmware          TEXT,
    skew_ms           INTEGER,
    last_contact_at   INTEGER,
    last_sync_at      INTEGER,
    lock_state        TEXT,
    key_version       INTEGER,
    created_at        INTEGER NOT NULL,
    removed_at        INTEGER
);

CREATE INDEX door_controllers_door ON door_controllers (door_pk);

CREATE TABLE door_secrets (
    door_pk     INTEGER NOT NULL REFERENCES resources (pk),
    version     INTEGER NOT NULL,
    sealed      BLOB    NOT NULL, -- format version, ring key id, nonce, ciphertext, tag; never the secret
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (door_pk, version)
);

CREATE TABLE offline_codes (
    code_pk       INTEGER PRIMARY KEY REFERENCES codes (pk),
    door_pk       INTEGER NOT NULL REFERENCES resources (pk),
    key_version   INTEGER NOT NULL,
    window_start  INTEGER NOT NULL, -- Unix seconds, a whole hour
    window_hours  INTEGER NOT NULL,
    slot          INTEGER NOT NULL,
    UNIQUE (door_pk, key_version, window_start, window_hours, slot)
);

CREATE TABLE door_events (
    controller_pk  INTEGER NOT NULL REFERENCES door_controllers (pk),
    seq            INTEGER NOT NULL,
    at             INTEGER NOT NULL, -- the controller's clock
    kind           TEXT    NOT NULL,
    code_pk        INTEGER,
    reason         TEXT,
    failures       INTEGER,
    received_at    INTEGER NOT NULL,
    PRIMARY KEY (controller_pk, seq)
);
