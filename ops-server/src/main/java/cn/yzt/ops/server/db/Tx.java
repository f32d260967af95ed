package cn.yzt.ops.server.db;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Runs work in one transaction: commit on return, rollback on any exception. */
public final class Tx {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Tx() {
    }

    /** The transaction {@link #joined} opened on this thread, which nested {@link #run} calls on the same pool join. */
    private static final ThreadLocal<Object[]> AMBIENT = new ThreadLocal<>();

    /**
     * Runs {@code work} in one transaction that every {@link #run} on the same DataSource made by
     * this thread inside it joins (no commit of their own): several service calls plus a ledger
     * append commit together or not at all.
     */
    public static <T> T joined(DataSource ds, Work<T> work) {
        if (AMBIENT.get() != null) {
            return run(ds, work);
        }
        return run(ds, c -> {
            AMBIENT.set(new Object[] {ds, c});
            try {
                return work.run(c);
            } finally {
                AMBIENT.remove();
            }
        });
    }

    public static <T> T run(DataSource ds, Work<T> work) {
        Object[] ambient = AMBIENT.get();
        if (ambient != null && ambient[0] == ds) {
            try {
                return work.run((Connection) ambient[1]);
            } catch (SQLException ex) {
                throw new DataAccessException(ex);
            }
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error ex) {
                c.rollback();
                throw ex;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException ex) {
            throw new DataAccessException(ex);
        }
    }

    /** A database failure: never bad input, so the API maps it to 503/500, not 4xx. */
    public static final class DataAccessException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DataAccessException(SQLException cause) {
            super("database error: " + cause.getSQLState(), cause);
        }
    }
}
