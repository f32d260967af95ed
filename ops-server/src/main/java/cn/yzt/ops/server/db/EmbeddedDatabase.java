package cn.yzt.ops.server.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The default database: a real PostgreSQL (zonky binaries) on a persistent data directory.
 * zonky's defaults suit throw-away test databases, so each one that matters here is overridden:
 * the data directory is kept, commits are synchronous (fsync before acknowledge), initdb uses
 * C.UTF-8 (the only locale guaranteed on a minimal system), and a postmaster left by a killed JVM
 * is stopped before starting. An exclusive lock file next to the data directory makes sure two
 * servers never share one directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Starts (initdb on first use) PostgreSQL on DATADIR; port 0 picks a free port. */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        FileChannel ch = FileChannel.open(dir.resolveSibling(dir.getFileName() + ".owner.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException ex) {
            lock = null; // held by this very JVM
        }
        if (lock == null) {
            ch.close();
            throw new IllegalStateException("another ops-server is using the database directory " + dir);
        }
        try {
            StalePostmaster.stopIfRunning(dir, Duration.ofSeconds(30));
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setLocaleConfig("encoding", "UTF8")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (port > 0) {
                b.setPort(port);
            }
            EmbeddedPostgres pg = b.start();
            try {
                requirePasswordForApp(pg, dir);
            } catch (IOException | RuntimeException ex) {
                pg.close();
                throw ex;
            }
            LOG.info("embedded PostgreSQL started on port {} with data in {}", pg.getPort(), dir);
            return new EmbeddedDatabase(pg, ch, lock);
        } catch (IOException | RuntimeException ex) {
            lock.release();
            ch.close();
            throw ex;
        }
    }

    /**
     * zonky's initdb trusts every local connection. The admin (postgres) keeps that, as before, but
     * the app role must present its password (SCRAM) even on loopback: its password is what the
     * server holds, so nobody else gets the pool's rights by naming the role. Lines first in the file
     * win; written once, then the configuration is reloaded.
     */
    private static void requirePasswordForApp(EmbeddedPostgres pg, Path dir) throws IOException {
        Path hba = dir.resolve("pg_hba.conf");
        String now = Files.readString(hba, java.nio.charset.StandardCharsets.UTF_8);
        if (now.startsWith(HBA_APP)) {
            return;
        }
        Files.writeString(hba, HBA_APP + now, java.nio.charset.StandardCharsets.UTF_8);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
                java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException ex) {
            throw new IOException("pg_hba.conf not reloaded", ex);
        }
    }

    private static final String HBA_APP = "# ops-server: the application role always authenticates with its password\n"
            + "local all " + DbRoles.APP + " scram-sha-256\n"
            + "host all " + DbRoles.APP + " 127.0.0.1/32 scram-sha-256\n"
            + "host all " + DbRoles.APP + " ::1/128 scram-sha-256\n";

    /**
     * A pool as {@value DbRoles#APP} on DATABASE of this cluster, after the admin (postgres, local
     * trust) prepared the roles, set the app role's password to {@code appPassword} and migrated the
     * schema as {@value DbRoles#OWNER}. The caller wipes appPassword afterwards.
     */
    public Database open(String database, char[] appPassword, int poolSize) {
        Database.migrate(jdbcUrl(database), DbLogin.fromUrl(), appPassword);
        // no user in this URL: one there would override the pool's login
        return Database.open("jdbc:postgresql://localhost:" + port() + "/" + database,
                new DbLogin(DbRoles.APP, appPassword), poolSize);
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of a database on this server, user postgres (the admin; local trust authentication). */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Clean shutdown (pg_ctl stop): everything acknowledged is on disk before this returns. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
