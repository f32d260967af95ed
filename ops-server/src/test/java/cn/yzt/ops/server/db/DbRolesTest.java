package cn.yzt.ops.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.zaxxer.hikari.HikariDataSource;

import cn.yzt.ops.server.testing.TestPostgres;
import cn.yzt.ops.server.testing.TestServices;

/**
 * The server's pool (yzt_app) cannot rewrite history: no UPDATE/DELETE/TRUNCATE on the ledger, the
 * tree heads or the audit log, and, owning nothing, no ALTER/DISABLE TRIGGER/DROP either. The
 * owner's rights are real (the refusals are privileges, not just the V40 triggers).
 */
class DbRolesTest {

    private static TestServices t;

    @BeforeAll
    static void start() {
        t = new TestServices();
        // a few real rows: two ledger entries (and their tree heads), audit entries from the seed
        t.services.ledger().adminEvent("test.event", "test", JsonNodeFactory.instance.objectNode().put("n", 1));
        t.services.ledger().adminEvent("test.event", "test", JsonNodeFactory.instance.objectNode().put("n", 2));
        t.services.auditLog().record(cn.yzt.ops.server.audit.AuditEvent.failure("LOGIN", "someone", null, "R", "x"));
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void poolLogsInAsTheAppRoleWhichOwnsNothing() throws Exception {
        assertThat(app("SELECT current_user")).isEqualTo(DbRoles.APP);
        assertThat(app("SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
        assertThat(app("SELECT count(*) FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"))
                .isEqualTo("0");
        assertThat(app("SELECT count(DISTINCT relowner) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .isEqualTo("1");
        assertThat(app("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relnamespace = 'public'::regnamespace"))
                .isEqualTo(DbRoles.OWNER);
    }

    @Test
    void ledgerAndTreeHeadsRefuseUpdateDeleteTruncateToTheApp() throws Exception {
        long entries = t.count("SELECT count(*) FROM ledger_entries");
        long heads = t.count("SELECT count(*) FROM tree_heads");
        assertThat(entries).isGreaterThanOrEqualTo(2);
        for (String table : new String[] {"ledger_entries", "tree_heads"}) {
            String by = table.equals("ledger_entries") ? "idx" : "tree_size";
            refused("UPDATE " + table + " SET " + by + " = " + by + " WHERE " + by + " >= 0", "permission denied for table " + table);
            refused("DELETE FROM " + table, "permission denied for table " + table);
            refused("TRUNCATE " + table, "permission denied for table " + table);
            refused("ALTER TABLE " + table + " DISABLE TRIGGER ALL", "must be owner of table " + table);
            refused("DROP TABLE " + table, "must be owner of table " + table);
        }
        refused("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only", "must be owner of table ledger_entries");
        // reading and appending is what the server does
        assertThat(app("SELECT count(*) FROM ledger_entries")).isEqualTo(Long.toString(entries));
        assertThat(t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(entries);
        assertThat(t.count("SELECT count(*) FROM tree_heads")).isEqualTo(heads);
        assertThat(t.services.ledger().verify().ok()).isTrue();
    }

    @Test
    void auditLogIsAppendOnlyForTheAppAndOtherEscapesAreClosed() throws Exception {
        refused("UPDATE audit_log SET detail = 'nothing happened'", "permission denied for table audit_log");
        refused("DELETE FROM audit_log", "permission denied for table audit_log");
        refused("DELETE FROM audit_head", "permission denied for table audit_head");
        refused("TRUNCATE audit_log", "permission denied for table audit_log");
        // no way to become the owner, create objects, or touch Flyway's history
        refused("SET ROLE " + DbRoles.OWNER, "permission denied to set role");
        refused("CREATE TABLE sneaky (x int)", "permission denied for schema public");
        refused("CREATE FUNCTION sneaky() RETURNS int LANGUAGE sql AS 'SELECT 1'", "permission denied for schema public");
        refused("DELETE FROM flyway_schema_history", "permission denied for table flyway_schema_history");
        refused("ALTER ROLE " + DbRoles.APP + " SUPERUSER", "must be superuser");
    }

    @Test
    void ownerCanStillEditSoTheGrantsAreWhatStopsTheApp() throws Exception {
        try (Connection c = TestPostgres.ownerConnection(t.db); Statement st = c.createStatement()) {
            st.execute("BEGIN");
            st.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            assertThat(st.executeUpdate("UPDATE ledger_entries SET kind = kind")).isEqualTo(t.count("SELECT count(*) FROM ledger_entries"));
            st.execute("ROLLBACK");
        }
    }

    @Test
    void tablesOfLaterMigrationsGetTheDefaultGrants() throws Exception {
        t.sql("CREATE TABLE later_migration (k int PRIMARY KEY, v text)");
        try (Connection c = t.db.connection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO later_migration VALUES (1, 'a')");
            st.executeUpdate("UPDATE later_migration SET v = 'b'");
            st.executeUpdate("DELETE FROM later_migration");
        }
        refused("ALTER TABLE later_migration ADD COLUMN w int", "must be owner of table later_migration");
    }

    @Test
    void poolRefusesAPrivilegedLoginAndTheAppNeedsItsPassword() throws Exception {
        String appUrl = ((HikariDataSource) t.db.dataSource()).getJdbcUrl();
        assumeTrue(System.getenv("YZT_TEST_JDBC_URL") == null || System.getenv("YZT_TEST_JDBC_URL").isBlank(),
                "the embedded cluster's pg_hba is ours; an external server's is its DBA's");
        // the admin (superuser over local trust) as the pool: refused before any service uses it
        assertThatThrownBy(() -> Database.open(appUrl, new DbLogin("postgres", null), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("superuser");
        // naming the role is not enough (pg_hba: SCRAM for yzt_app even on loopback)
        assertThatThrownBy(() -> DriverManager.getConnection(appUrl, DbRoles.APP, "not-the-password").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }

    @Test
    void aDatabaseMigratedBeforeTheRolesIsHandedToTheOwnerAtTheNextStart() throws Exception {
        String admin = TestPostgres.emptyDatabase();
        // the layout before V47: every migration ran as the admin, who owns everything
        org.flywaydb.core.Flyway.configure().dataSource(admin, null, null).locations("classpath:db/migration")
                .target("42").load().migrate();
        String owners = "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace";
        assertThat(adminQuery(admin, owners)).isEqualTo("postgres");
        Database.migrate(admin, DbLogin.fromUrl(), null);
        assertThat(adminQuery(admin, owners)).isEqualTo(DbRoles.OWNER);
        assertThat(adminQuery(admin, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'ledger_append_only'"))
                .isEqualTo(DbRoles.OWNER);
        assertThat(adminQuery(admin, "SELECT has_table_privilege('" + DbRoles.APP + "', 'ledger_entries', 'UPDATE')::text"
                + " || has_table_privilege('" + DbRoles.APP + "', 'ledger_entries', 'INSERT')::text"
                + " || has_table_privilege('" + DbRoles.APP + "', 'users', 'UPDATE')::text")).isEqualTo("falsetruetrue");
    }

    private static String adminQuery(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void refused(String sql, String message) {
        assertThatThrownBy(() -> {
            try (Connection c = t.db.connection(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(message);
    }

    private static String app(String sql) throws Exception {
        try (Connection c = t.db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
