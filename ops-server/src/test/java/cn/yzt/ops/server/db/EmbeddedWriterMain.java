package cn.yzt.ops.server.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

/** Child process for the kill -9 test: writes rows and prints "ACK n" after each commit. */
public final class EmbeddedWriterMain {

    private EmbeddedWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase pg = EmbeddedDatabase.start(Path.of(args[0]), 0);
        Database db = pg.open("postgres", "test-app-password".toCharArray(), 1);
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO key_versions (purpose, key_id) VALUES ('test', ?)")) {
            for (int i = 1; i < 1_000_000; i++) {
                ps.setInt(1, i);
                ps.executeUpdate();
                System.out.println("ACK " + i);
                System.out.flush();
            }
        }
    }
}
