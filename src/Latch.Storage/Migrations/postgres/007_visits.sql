-- Visits: a scheduled access window for a person at a resource. The code is valid only inside [start, end]; its
-- delivery is scheduled at start - lead. Cancelling a visit revokes its code.

CREATE TABLE visits (
    pk            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text    NOT NULL UNIQUE,
    user_id       text    NOT NULL,
    resource_id   text    NOT NULL,
    code_id       text    NOT NULL,
    delivery_id   text    NOT NULL,
    method        text    NOT NULL,
    start_at      bigint  NOT NULL,
    end_at        bigint  NOT NULL,
    lead_minutes  integer NOT NULL,
    deliver_at    bigint  NOT NULL,
    created_at    bigint  NOT NULL,
    created_by    text    NOT NULL,
    cancelled_at  bigint
);

CREATE INDEX visits_start ON visits (start_at);
CREATE INDEX visits_user ON visits (user_id);
