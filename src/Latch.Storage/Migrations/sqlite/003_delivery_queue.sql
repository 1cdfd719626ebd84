-- The durable delivery queue (SPEC "Delivery"): a code accepted for delivery is a row here, written in the same
-- transaction as the code. The plain code is kept only sealed (AES-GCM, payload + nonce + payload_tag under ring key
-- key_id) and only until the message is sent, fails for good, expires or is cancelled: then the three are NULL.
CREATE TABLE deliveries (
    pk               INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    code_pk          INTEGER NOT NULL REFERENCES codes (pk),
    code_id          TEXT    NOT NULL,
    user_id          TEXT    NOT NULL,
    method           TEXT    NOT NULL,
    recipient        TEXT    NOT NULL, -- JSON: the user's name and addresses at issuance, what the channel needs
    resource_id      TEXT    NOT NULL,
    resource_name    TEXT    NOT NULL,
    not_before       INTEGER NOT NULL,
    not_after        INTEGER NOT NULL, -- the code's; no attempt after it
    key_id           INTEGER NOT NULL,
    nonce            BLOB,
    payload          BLOB,
    payload_tag      BLOB,
    state            TEXT    NOT NULL, -- queued, sending, sent, failed, expired, cancelled
    attempts         INTEGER NOT NULL DEFAULT 0,
    deliver_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_until      INTEGER,
    last_error       TEXT,             -- never contains the code
    sent_at          INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- Only pending messages are indexed: the dispatcher's scan stays small however long the history grows.
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE state IN ('queued', 'sending');
CREATE INDEX deliveries_code ON deliveries (code_pk);

CREATE TABLE delivery_attempts (
    pk           INTEGER PRIMARY KEY,
    delivery_pk  INTEGER NOT NULL REFERENCES deliveries (pk),
    attempt      INTEGER NOT NULL,
    at           INTEGER NOT NULL,
    outcome      TEXT    NOT NULL, -- sent, retry, failed
    error        TEXT,
    reference    TEXT
);

CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_pk);
