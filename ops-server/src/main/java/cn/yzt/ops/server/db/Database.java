package cn.yzt.ops.server.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The application's connection pool on a migrated schema. Two logins: the migrator (cluster admin
 * or db.owner.user) prepares the roles and migrates as {@value DbRoles#OWNER}; the pool logs in as
 * {@value DbRoles#APP}, which owns nothing (see {@link DbRoles}).
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * The usual start: as {@code migrator}, the roles prepared ({@link DbRoles#prepare}, setting the
     * app role's password when {@code newAppPassword} is given) and the schema migrated as the owner;
     * then the pool as {@code app}, which must hold no owner rights.
     */
    public static Database open(String jdbcUrl, DbLogin migrator, char[] newAppPassword, DbLogin app, int poolSize) {
        migrate(jdbcUrl, migrator, newAppPassword);
        return open(jdbcUrl, app, poolSize);
    }

    /** A pool on URL as {@code app} (no migration); refused if that login is a superuser or the owner. */
    public static Database open(String jdbcUrl, DbLogin app, int poolSize) {
        HikariConfig c = config(jdbcUrl, app, "ops-server");
        // the ledger writer holds one connection while syncing its cache on another
        c.setMaximumPoolSize(Math.max(2, poolSize));
        // Every statement we run is explicit about transactions.
        c.setAutoCommit(true);
        // Never let a misconfigured server acknowledge before the WAL is flushed.
        c.setConnectionInitSql("SET synchronous_commit = on");
        HikariDataSource ds = new HikariDataSource(c);
        try (Connection probe = ds.getConnection()) {
            DbRoles.requireUnprivileged(probe);
        } catch (SQLException | RuntimeException ex) {
            ds.close();
            throw ex instanceof RuntimeException r ? r : new IllegalStateException("database check failed", ex);
        }
        return new Database(ds);
    }

    /**
     * Brings the schema to the latest migration: connects as {@code migrator} (the cluster admin, or
     * db.owner.user), prepares the roles, then runs Flyway as {@value DbRoles#OWNER} (SET ROLE on
     * every migration connection) so everything the migrations create belongs to the owner.
     */
    public static void migrate(String jdbcUrl, DbLogin migrator, char[] newAppPassword) {
        HikariConfig c = config(jdbcUrl, migrator, "ops-server-migrate");
        // Flyway holds one connection for its lock and needs another for the migration.
        c.setMaximumPoolSize(2);
        c.setAutoCommit(true);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            try (Connection admin = ds.getConnection()) {
                DbRoles.prepare(admin, newAppPassword);
            } catch (SQLException ex) {
                throw new IllegalStateException("database roles not prepared: " + ex.getMessage(), ex);
            }
            Flyway.configure().dataSource(new OwnerDataSource(ds)).locations("classpath:db/migration").load().migrate();
        }
    }

    private static HikariConfig config(String jdbcUrl, DbLogin login, String name) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setPoolName(name);
        if (login.user() != null) {
            c.setUsername(login.user());
        }
        if (login.password() != null) {
            c.setPassword(new String(login.password()));
        }
        return c;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The migrator's pool, every connection switched to the owner role before Flyway sees it. */
    private static final class OwnerDataSource implements DataSource {
        private final DataSource pool;

        OwnerDataSource(DataSource pool) {
            this.pool = pool;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = pool.getConnection();
            try (Statement st = c.createStatement()) {
                st.execute("SET ROLE " + DbRoles.OWNER);
            } catch (SQLException ex) {
                c.close();
                throw ex;
            }
            return c;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the migrator's login is fixed");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return pool.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return pool.isWrapperFor(iface);
        }
    }
}
