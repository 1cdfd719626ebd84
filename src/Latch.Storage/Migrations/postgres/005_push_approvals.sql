-- Push approvals with number matching: the sign-in page shows the number, the person types it into the companion
-- app, which answers approve or deny. A challenge whose push is denied or answered with a wrong number is refused
-- (challenges.state 2).

CREATE TABLE push_approvals (
    pk            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text    NOT NULL UNIQUE,
    challenge_pk  bigint  NOT NULL REFERENCES challenges (pk),
    number        integer NOT NULL, -- the two digits shown on the sign-in page
    state         integer NOT NULL DEFAULT 0, -- 0 pending, 1 approved, 2 denied, 3 wrong number, 4 used, 5 replaced
    created_at    bigint  NOT NULL,
    expires_at    bigint  NOT NULL,
    responded_at  bigint
);

CREATE INDEX push_approvals_challenge ON push_approvals (challenge_pk);
