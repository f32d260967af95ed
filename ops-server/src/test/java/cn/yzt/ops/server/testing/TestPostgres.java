package cn.yzt.ops.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import cn.yzt.ops.server.db.Database;
import cn.yzt.ops.server.db.DbLogin;
import cn.yzt.ops.server.db.DbRoles;
import cn.yzt.ops.server.db.EmbeddedDatabase;

/**
 * One real PostgreSQL per test JVM: the embedded server (default) or the server named by
 * YZT_TEST_JDBC_URL (a URL to its maintenance database, e.g. jdbc:postgresql://127.0.0.1/postgres
 * with an administrator's user/password in the URL). Each caller gets a fresh database, migrated by
 * Flyway as yzt_owner, and a pool as yzt_app (see db.DbRoles), like the server.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    /**
     * The app role's password in the test cluster (roles are cluster-wide: one for every database).
     * Random for the embedded cluster, which is this JVM's alone; fixed for a YZT_TEST_JDBC_URL
     * server, which test JVMs may share and where a random one would lock out the other JVM's pools.
     */
    private static final char[] APP_PASSWORD = System.getenv("YZT_TEST_JDBC_URL") == null
            || System.getenv("YZT_TEST_JDBC_URL").isBlank()
            ? java.util.HexFormat.of().formatHex(cn.yzt.ops.server.crypto.Bytes.random(16)).toCharArray()
            : "yzt-app-test-only".toCharArray();
    private static final java.util.Map<Database, String> OWNER_URLS =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private static String adminUrl;
    private static EmbeddedDatabase embedded;

    private TestPostgres() {
    }

    private static synchronized String adminUrl() {
        if (adminUrl == null) {
            String external = System.getenv("YZT_TEST_JDBC_URL");
            if (external != null && !external.isBlank()) {
                adminUrl = external;
            } else {
                try {
                    embedded = EmbeddedDatabase.start(
                            Path.of(System.getProperty("yzt.test.pgdir", "target/test-pg")).resolve("shared"), 0);
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                adminUrl = embedded.jdbcUrl("postgres");
                dropOldTestDatabases(adminUrl);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // JVM exit: nothing more to do
                    }
                }));
            }
        }
        return adminUrl;
    }

    /** Databases left by earlier runs of the persistent test server are dropped (they hold nothing of value). */
    private static void dropOldTestDatabases(String admin) {
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            java.util.List<String> old = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname ~ '^t[0-9]+_[0-9]+$'")) {
                while (rs.next()) {
                    old.add(rs.getString(1));
                }
            }
            for (String db : old) {
                s.execute("DROP DATABASE IF EXISTS " + db);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A new, migrated database with a pool of size 4. */
    public static Database freshDatabase() {
        return freshDatabase(4);
    }

    /**
     * A new database, prepared and migrated the way the server does it (roles, Flyway as yzt_owner),
     * with a pool of {@code poolSize} logged in as yzt_app: tests run with the server's real rights.
     */
    public static Database freshDatabase(int poolSize) {
        String dbAdmin = emptyDatabase();
        Database.migrate(dbAdmin, DbLogin.fromUrl(), APP_PASSWORD);
        Database db = Database.open(withoutCredentials(dbAdmin), new DbLogin(DbRoles.APP, APP_PASSWORD), poolSize);
        OWNER_URLS.put(db, dbAdmin);
        return db;
    }

    /** A new, empty database (nothing migrated); the URL logs in as the cluster admin. */
    public static String emptyDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return replaceDatabase(admin, name);
    }

    /**
     * A connection to DB's database with the schema owner's rights (admin login, SET ROLE yzt_owner):
     * what tamper tests use to edit rows the app role may not touch, as a DBA could.
     */
    public static Connection ownerConnection(Database db) throws SQLException {
        String url = OWNER_URLS.get(db);
        if (url == null) {
            throw new IllegalArgumentException("not a TestPostgres database");
        }
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("SET ROLE " + DbRoles.OWNER);
        } catch (SQLException ex) {
            c.close();
            throw ex;
        }
        return c;
    }

    /** The URL without user= and password= parameters, which would override the pool's login. */
    static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return url;
        }
        String params = java.util.Arrays.stream(url.substring(q + 1).split("&"))
                .filter(p -> !p.startsWith("user=") && !p.startsWith("password="))
                .collect(java.util.stream.Collectors.joining("&"));
        return url.substring(0, q) + (params.isEmpty() ? "" : "?" + params);
    }

    static String replaceDatabase(String url, String db) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + db + query;
    }
}
