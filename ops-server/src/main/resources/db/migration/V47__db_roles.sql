-- Least-privilege database roles (issue 4, item 5). Runs as yzt_owner: the server's migrator logs in
-- as the PostgreSQL admin (embedded: postgres) or db.owner.user and does SET ROLE yzt_owner, so every
-- object the migrations create is owned by yzt_owner (see cn.yzt.ops.server.db.DbRoles, which creates
-- the roles before Flyway starts: roles are cluster-wide, one CREATE ROLE serves every database).
--   yzt_owner  NOLOGIN  owns the schema; only the migrator acts as it.
--   yzt_app    LOGIN    the server's pool: DML where the code needs it, never owner, so it cannot
--                       ALTER / DISABLE TRIGGER / TRUNCATE / DROP; ledger and audit log: read + append.

-- For a DBA applying this by hand: the roles, if the current role may create them (else a no-op and
-- the GRANTs below fail with a clear "role does not exist").
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yzt_owner') THEN
        CREATE ROLE yzt_owner NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yzt_app') THEN
        CREATE ROLE yzt_app LOGIN;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'roles yzt_owner / yzt_app must be created by an administrator';
END
$$;

-- Nobody but the owner creates objects in the schema (PostgreSQL 14 lets PUBLIC create in public).
DO $$
BEGIN
    IF pg_has_role((SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO yzt_app;

-- Everything that exists now (V1..V46): plain DML, then the append-only tables narrowed below.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM yzt_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yzt_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO yzt_app;

-- Flyway's bookkeeping is the migrator's business.
REVOKE ALL ON flyway_schema_history FROM yzt_app;

-- The SM3 Merkle ledger: read and append only (the triggers of V40 stay as a second guard).
REVOKE UPDATE, DELETE ON ledger_entries, tree_heads FROM yzt_app;
-- The audit chain (AuditLog): rows are appended, never changed; its head row is advanced in place.
REVOKE UPDATE, DELETE ON audit_log FROM yzt_app;
REVOKE DELETE ON audit_head FROM yzt_app;

-- Tables and sequences created by later migrations (as yzt_owner) get plain DML for the app; a
-- later append-only table must REVOKE UPDATE, DELETE in its own migration.
ALTER DEFAULT PRIVILEGES FOR ROLE yzt_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO yzt_app;
ALTER DEFAULT PRIVILEGES FOR ROLE yzt_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO yzt_app;
