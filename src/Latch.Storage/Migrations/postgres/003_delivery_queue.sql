-- The durable delivery queue (SPEC "Delivery"), as in the SQLite store: a code accepted for delivery is a row here, written in the same
-- transaction as the code. The plain code is kept only sealed (AES-GCM, payload + nonce + payload_tag under ring key
-- key_id) and only until the message is sent, fails for good, expires or is cancelled: then the three are NULL.
CREATE TABLE deliveries (
    pk               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text    NOT NULL UNIQUE,
    code_pk          bigint  NOT NULL REFERENCES codes (pk),
    code_id          text    NOT NULL,
    user_id          text    NOT NULL,
    method           text    NOT NULL,
    recipient        text    NOT NULL, -- JSON: the user's name and addresses at issuance, what the channel needs
    resource_id      text    NOT NULL,
    resource_name    text    NOT NULL,
    not_before       bigint  NOT NULL,
    not_after        bigint  NOT NULL, -- the code's; no attempt after it
    key_id           integer NOT NULL,
    nonce            bytea,
    payload          bytea,
    payload_tag      bytea,
    state            text    NOT NULL, -- queued, sending, sent, failed, expired, cancelled
    attempts         integer NOT NULL DEFAULT 0,
    deliver_at       bigint  NOT NULL,
    next_attempt_at  bigint  NOT NULL,
    lease_owner      text,
    lease_until      bigint,
    last_error       text,             -- never contains the code
    sent_at          bigint,
    created_at       bigint  NOT NULL,
    updated_at       bigint  NOT NULL
);

-- Only pending messages are indexed: the dispatcher's scan stays small however long the history grows.
CREATE INDEX deliveries_pending ON deliveries (next_attempt_at) WHERE state IN ('queued', 'sending');
CREATE INDEX deliveries_code ON deliveries (code_pk);

CREATE TABLE delivery_attempts (
    pk           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_pk  bigint  NOT NULL REFERENCES deliveries (pk),
    attempt      integer NOT NULL,
    at           bigint  NOT NULL,
    outcome      text    NOT NULL, -- sent, retry, failed
    error        text,
    reference    text
);

CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_pk);
