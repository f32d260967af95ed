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
import cn.yzt.ops.server.db.EmbeddedDatabase;

/**
 * One real PostgreSQL per test JVM: the embedded server (default) or the server named by
 * YZT_TEST_JDBC_URL (a URL to its maintenance database, e.g. jdbc:postgresql://127.0.0.1/postgres
 * with user/password in the URL). Each caller gets a fresh database, migrated by Flyway.
 */
public final class TestPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
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
        String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
        return Database.open(replaceDatabase(admin, name), null, null, 4);
    }

    static String replaceDatabase(String url, String db) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + db + query;
    }
}
