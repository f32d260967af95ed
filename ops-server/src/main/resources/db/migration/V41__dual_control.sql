-- Issue 4: dual control. Which operation types need a second person, and the requests waiting.

CREATE TABLE op_policy (
    type         text        PRIMARY KEY,
    dual_control boolean     NOT NULL
);

CREATE TABLE op_requests (
    leaf_hash    bytea       PRIMARY KEY CHECK (length(leaf_hash) = 32),
    ledger_idx   bigint      NOT NULL UNIQUE,
    requester_id bigint      NOT NULL REFERENCES users (id),
    type         text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    decided_by   bigint      REFERENCES users (id),
    decided_at   timestamptz
);
CREATE INDEX op_requests_pending ON op_requests (created_at) WHERE status = 'pending';
