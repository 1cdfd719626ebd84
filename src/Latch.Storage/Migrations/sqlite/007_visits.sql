-- Visits: a scheduled access window for a person at a resource. The code is valid only inside [start, end]; its
-- delivery is scheduled at start - lead. Cancelling a visit revokes its code.

CREATE TABLE visits (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    user_id       TEXT    NOT NULL,
    resource_id   TEXT    NOT NULL,
    code_id       TEXT    NOT NULL,
    delivery_id   TEXT    NOT NULL,
    method        TEXT    NOT NULL,
    start_at      INTEGER NOT NULL,
    end_at        INTEGER NOT NULL,
    lead_minutes  INTEGER NOT NULL,
    deliver_at    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    cancelled_at  INTEGER
);

CREATE INDEX visits_start ON visits (start_at);
CREATE INDEX visits_user ON visits (user_id);
