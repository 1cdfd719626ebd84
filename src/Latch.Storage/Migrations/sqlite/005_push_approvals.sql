-- Push approvals with number matching: the sign-in page shows the number, the person types it into the companion
-- app, which answers approve or deny. A challenge whose push is denied or answered with a wrong number is refused
-- (challenges.state 2).

CREATE TABLE push_approvals (
    pk            INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    challenge_pk  INTEGER NOT NULL REFERENCES challenges (pk),
    number        INTEGER NOT NULL, -- the two digits shown on the sign-in page
    state         INTEGER NOT NULL DEFAULT 0, -- 0 pending, 1 approved, 2 denied, 3 wrong number, 4 used, 5 replaced
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    responded_at  INTEGER
);

CREATE INDEX push_approvals_challenge ON push_approvals (challenge_pk);
