package cn.yzt.ops.server.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The application's connection pool on a migrated schema. */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens a pool on URL and brings the schema to the latest migration. */
    public static Database open(String jdbcUrl, String user, char[] password, int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        if (password != null) {
            c.setPassword(new String(password));
        }
        // Flyway holds one connection for its lock and needs another for the migration.
        c.setMaximumPoolSize(Math.max(2, poolSize));
        c.setPoolName("ops-server");
        // Every statement we run is explicit about transactions.
        c.setAutoCommit(true);
        // Never let a misconfigured server acknowledge before the WAL is flushed.
        c.setConnectionInitSql("SET synchronous_commit = on");
        HikariDataSource ds = new HikariDataSource(c);
        try {
            migrate(ds);
        } catch (RuntimeException ex) {
            ds.close();
            throw ex;
        }
        return new Database(ds);
    }

    static void migrate(DataSource ds) {
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
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
}
