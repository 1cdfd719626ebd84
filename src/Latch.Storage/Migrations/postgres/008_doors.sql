-- Doors (issue 5): per-door configuration and offline secrets, the controllers bound to a door, the references of
-- offline codes, and the event log controllers upload. Secrets are stored sealed (AES-GCM under the key ring).

CREATE TABLE doors (
    resource_pk              bigint PRIMARY KEY REFERENCES resources (pk),
    offline_mode             boolean NOT NULL,
    code_length              integer NOT NULL,
    clock_tolerance_seconds  integer NOT NULL,
    sync_interval_seconds    integer NOT NULL,
    lockout_max_failures     integer NOT NULL,
    lockout_base_seconds     integer NOT NULL,
    lockout_max_seconds      integer NOT NULL,
    updated_at               bigint  NOT NULL,
    last_action              text,
    last_at                  bigint,
    last_user_id             text
);

CREATE TABLE door_controllers (
    pk                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                text    NOT NULL UNIQUE,
    door_pk           bigint  NOT NULL REFERENCES resources (pk),
    door_id           text    NOT NULL,
    name              text    NOT NULL,
    api_key_pk        bigint  NOT NULL UNIQUE REFERENCES api_keys (pk),
    cert_thumbprint   text UNIQUE,   -- SHA-256 of the current client certificate, hex
    cert_not_after    bigint,
    firmware          text,
    skew_ms           bigint,
    last_contact_at   bigint,
    last_sync_at      bigint,
    lock_state        text,
    key_version       integer,
    created_at        bigint  NOT NULL,
    removed_at        bigint
);

CREATE INDEX door_controllers_door ON door_controllers (door_pk);

CREATE TABLE door_secrets (
    door_pk     bigint  NOT NULL REFERENCES resources (pk),
    version     integer NOT NULL,
    sealed      bytea    NOT NULL, -- format version, ring key id, nonce, ciphertext, tag; never the secret
    created_at  bigint  NOT NULL,
    PRIMARY KEY (door_pk, version)
);

CREATE TABLE offline_codes (
    code_pk       bigint PRIMARY KEY REFERENCES codes (pk),
    door_pk       bigint  NOT NULL REFERENCES resources (pk),
    key_version   integer NOT NULL,
    window_start  bigint  NOT NULL, -- Unix seconds, a whole hour
    window_hours  integer NOT NULL,
    slot          integer NOT NULL,
    UNIQUE (door_pk, key_version, window_start, window_hours, slot)
);

CREATE TABLE door_events (
    controller_pk  bigint  NOT NULL REFERENCES door_controllers (pk),
    seq            bigint  NOT NULL,
    at             bigint  NOT NULL, -- the controller's clock
    kind           text    NOT NULL,
    code_pk        bigint,
    reason         text,
    failures       integer,
    received_at    bigint  NOT NULL,
    PRIMARY KEY (controller_pk, seq)
);
