package cn.yzt.ops.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;

/**
 * The two database roles (see V47__db_roles.sql): {@value #OWNER} (NOLOGIN) owns the schema and is
 * what migrations run as; {@value #APP} (LOGIN) is the server's pool and owns nothing, so it cannot
 * ALTER, DISABLE TRIGGER, TRUNCATE or DROP what it writes to. Roles are cluster-wide: one CREATE
 * ROLE serves every database of the cluster (the tests' many databases, or a shared server), so
 * creating them is idempotent and tolerates a concurrent creator. Everything here needs the
 * cluster admin (or a role with CREATEROLE), which is why it runs before Flyway, outside any migration.
 */
public final class DbRoles {

    public static final String OWNER = "yzt_owner";
    public static final String APP = "yzt_app";

    private DbRoles() {
    }

    /**
     * As the migrator on {@code c}: both roles exist, the migrator may act as the owner, the schema
     * and every object the migrator itself still owns (a database migrated before the roles
     * existed) belong to the owner, and, when {@code appPassword} is given, the app role logs in
     * with it (sent as a SCRAM verifier computed here, never as clear text in SQL).
     */
    public static void prepare(Connection c, char[] appPassword) throws SQLException {
        ensureRole(c, OWNER, "NOLOGIN");
        ensureRole(c, APP, "LOGIN");
        String me = one(c, "SELECT session_user");
        if (!me.equals(OWNER)) {
            boolean superuser = "on".equals(one(c, "SHOW is_superuser"));
            if (!superuser && !bool(c, "SELECT pg_has_role(session_user, '" + OWNER + "', 'MEMBER')")) {
                exec(c, "GRANT " + OWNER + " TO " + ident(c, me));
            }
            adopt(c, superuser);
        }
        if (appPassword != null) {
            // pgjdbc zeroes the array it is given: hand it a copy, the caller still needs the password
            c.unwrap(PGConnection.class).alterUserPassword(APP, appPassword.clone(), "scram-sha-256");
        }
    }

    /**
     * Refuses a pool login that could rewrite history: a superuser, or a role that is (or may become)
     * the schema owner. The append-only guarantee rests on the pool having neither.
     */
    public static void requireUnprivileged(Connection c) throws SQLException {
        String me = one(c, "SELECT current_user");
        boolean superuser = "on".equals(one(c, "SHOW is_superuser"));
        boolean owner = bool(c, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + OWNER + "')")
                && bool(c, "SELECT pg_has_role(current_user, '" + OWNER + "', 'MEMBER')");
        if (superuser || owner) {
            throw new IllegalStateException("the database pool must log in as " + APP + " (or a member of it), not as "
                    + me + (superuser ? " (a superuser)" : " (the schema owner)") + "; see README, section ops-server");
        }
    }

    private static void ensureRole(Connection c, String role, String options) throws SQLException {
        if (roleExists(c, role)) {
            return;
        }
        try {
            exec(c, "CREATE ROLE " + role + " " + options);
        } catch (SQLException ex) {
            // another database's migrator created it meanwhile (roles are cluster-wide)
            boolean race = "42710".equals(ex.getSQLState()) || "23505".equals(ex.getSQLState());
            if (!race || !roleExists(c, role)) {
                throw new SQLException("cannot create the database role " + role + " as " + one(c, "SELECT session_user")
                        + ": create it as an administrator (README, section ops-server)", ex.getSQLState(), ex);
            }
        }
    }

    /**
     * Hands the schema and the migrator's own objects in it to the owner. A no-op on a database whose
     * migrations all ran as the owner; needed once for a database migrated before V47.
     */
    private static void adopt(Connection c, boolean superuser) throws SQLException {
        if (superuser || bool(c, "SELECT nspowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)"
                + " FROM pg_namespace WHERE nspname = 'public'")) {
            if (!bool(c, "SELECT pg_get_userbyid(nspowner) = '" + OWNER + "' FROM pg_namespace WHERE nspname = 'public'")) {
                exec(c, "ALTER SCHEMA public OWNER TO " + OWNER);
            }
        }
        List<String> alters = new ArrayList<>();
        // tables, views, sequences not owned by a column (those follow their table)
        try (PreparedStatement ps = c.prepareStatement("SELECT CASE k.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'"
                + " WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, quote_ident(k.relname)"
                + " FROM pg_class k WHERE k.relnamespace = 'public'::regnamespace AND k.relkind IN ('r', 'p', 'v', 'm', 'S')"
                + " AND k.relowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = k.oid"
                + " AND d.deptype IN ('a', 'i') AND d.refclassid = 'pg_class'::regclass)");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                alters.add("ALTER " + rs.getString(1) + " public." + rs.getString(2) + " OWNER TO " + OWNER);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT p.oid::regprocedure::text FROM pg_proc p"
                + " WHERE p.pronamespace = 'public'::regnamespace"
                + " AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = session_user)");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                alters.add("ALTER ROUTINE " + rs.getString(1) + " OWNER TO " + OWNER);
            }
        }
        for (String a : alters) {
            exec(c, a);
        }
    }

    private static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String ident(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT quote_ident(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
