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

    public static <T> T run(DataSource ds, Work<T> work) {
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
