package cn.yzt.ops.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL keeps acknowledged data across a clean stop and across kill -9. */
class EmbeddedDatabaseTest {

    @TempDir
    Path tmp;

    @Test
    void cleanRestartKeepsDataAndSettings() throws Exception {
        Path dir = tmp.resolve("pg");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir, 0);
                Database db = pg.open("postgres", "test-app-password".toCharArray(), 2);
                Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO roles (code) VALUES ('TEST_ROLE')");
            assertThat(one(s, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(one(s, "SHOW lc_collate")).isEqualTo("C.UTF-8");
            assertThat(one(s, "SHOW server_encoding")).isEqualTo("UTF8");
        }
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir, 0);
                Database db = pg.open("postgres", "test-app-password".toCharArray(), 2);
                Connection c = db.connection(); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT count(*) FROM roles WHERE code = 'TEST_ROLE'")).isEqualTo("1");
        }
    }

    @Test
    void secondServerOnSameDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("pg");
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir, 0)) {
            assertThat(pg.port()).isPositive();
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir, 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another ops-server");
        }
    }

    @Test
    void killMinus9KeepsAcknowledgedRowsAndStalePostmasterIsStopped() throws Exception {
        Path dir = tmp.resolve("pg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedWriterMain.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        int acknowledged = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("ACK ")) {
                    acknowledged = Integer.parseInt(line.substring(4));
                    if (acknowledged >= 50) {
                        break;
                    }
                }
            }
            // kill -9 the JVM mid-stream; its PostgreSQL child survives as a stale postmaster
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as(output.toString()).isGreaterThanOrEqualTo(50);
        assertThat(Files.exists(dir.resolve("postmaster.pid"))).isTrue();
        assertThat(StalePostmaster.find(dir)).isPresent();

        try (EmbeddedDatabase pg = EmbeddedDatabase.start(dir, 0);
                Database db = pg.open("postgres", "test-app-password".toCharArray(), 2);
                Connection c = db.connection(); Statement s = c.createStatement()) {
            int stored = Integer.parseInt(one(s, "SELECT count(*) FROM key_versions WHERE purpose = 'test'"));
            assertThat(stored).isGreaterThanOrEqualTo(acknowledged);
        }
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
