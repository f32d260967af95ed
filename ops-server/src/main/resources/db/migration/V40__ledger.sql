-- Issue 4: single-use operation nonces, the append-only SM3 Merkle ledger, signed tree heads.

CREATE TABLE op_nonces (
    nonce       bytea       PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id),
    session_id  text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE TABLE ledger_entries (
    idx         bigint      PRIMARY KEY CHECK (idx >= 0),
    leaf_hash   bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    entry       bytea       NOT NULL,
    kind        text        NOT NULL,
    received_at timestamptz NOT NULL
);

CREATE TABLE tree_heads (
    tree_size   bigint      PRIMARY KEY CHECK (tree_size >= 0),
    root_hash   bytea       NOT NULL CHECK (length(root_hash) = 32),
    signed_at   timestamptz NOT NULL,
    key_id      bytea       NOT NULL,
    sth         bytea       NOT NULL
);

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger table % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER tree_heads_append_only BEFORE UPDATE OR DELETE ON tree_heads
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER tree_heads_no_truncate BEFORE TRUNCATE ON tree_heads
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- the application role (when the deployment uses one) may only read and append
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yzt_app') THEN
        REVOKE UPDATE, DELETE, TRUNCATE ON ledger_entries, tree_heads FROM yzt_app;
        GRANT SELECT, INSERT ON ledger_entries, tree_heads TO yzt_app;
    END IF;
END
$$;
