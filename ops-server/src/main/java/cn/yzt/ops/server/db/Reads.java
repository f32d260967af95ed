package cn.yzt.ops.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent reads sent in ONE round trip. On a busy 2-core server each round trip costs far more
 * than the statement it carries (a backend wake-up, its implicit transaction, two context switches:
 * measured with pg_stat_statements, statement execution was under a third of PostgreSQL's CPU per
 * signed operation), so the checks before a ledgered write go together: pgjdbc sends the
 * statements of one multi-statement PreparedStatement back to back before a single Sync and hands
 * their results back in order.
 */
public final class Reads {

    /** One read: a single SELECT with {@code ?} parameters, how to bind them and what to make of its rows. */
    public interface Read<T> {
        String sql();

        /** Binds this read's parameters, the first at index {@code first}; returns the next free index. */
        int bind(PreparedStatement ps, int first) throws SQLException;

        T read(ResultSet rs) throws SQLException;
    }

    /** Binds a read's parameters from index {@code first}; returns the next free index. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement ps, int first) throws SQLException;
    }

    /** Turns a read's rows into its result. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Reads() {
    }

    /** A read of {@code sql} whose parameters {@code binder} sets and whose rows {@code rows} reads. */
    public static <T> Read<T> of(String sql, Binder binder, Rows<T> rows) {
        return new Read<>() {
            @Override
            public String sql() {
                return sql;
            }

            @Override
            public int bind(PreparedStatement ps, int first) throws SQLException {
                return binder.bind(ps, first);
            }

            @Override
            public T read(ResultSet rs) throws SQLException {
                return rows.read(rs);
            }
        };
    }

    /** One write to send with others: a statement, its parameters, and the update count it must have (-1: any). */
    public record Write(String sql, Binder binder, int expected) {
    }

    /**
     * Runs the writes in one round trip on {@code c}, in order; SQLException if one's update count
     * is not the expected one (the caller's transaction is then rolled back).
     */
    public static void writeAll(Connection c, List<Write> writes) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (Write w : writes) {
            if (w.sql().indexOf(';') >= 0) {
                throw new IllegalArgumentException("a write is one statement: " + w.sql());
            }
            sql.append(w.sql()).append(";\n");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int next = 1;
            for (Write w : writes) {
                next = w.binder().bind(ps, next);
            }
            boolean isResult = ps.execute();
            for (Write w : writes) {
                int count = isResult ? -1 : ps.getUpdateCount();
                if (w.expected() >= 0 && count != w.expected()) {
                    throw new SQLException("expected " + w.expected() + " rows, not " + count + ": " + w.sql());
                }
                isResult = ps.getMoreResults();
            }
        }
    }

    /** Runs one read on {@code c}. */
    public static <T> T one(Connection c, Read<T> read) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(read.sql())) {
            read.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return read.read(rs);
            }
        }
    }

    /** Runs the reads in one round trip on {@code c}; their results in the same order. */
    public static List<Object> all(Connection c, List<Read<?>> reads) throws SQLException {
        if (reads.size() == 1) {
            return java.util.Collections.singletonList(one(c, reads.get(0)));
        }
        StringBuilder sql = new StringBuilder();
        for (Read<?> r : reads) {
            String s = r.sql().strip();
            if (s.indexOf(';') >= 0) {
                throw new IllegalArgumentException("a read is one statement: " + s);
            }
            sql.append(s).append(";\n");
        }
        List<Object> out = new ArrayList<>(reads.size());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int next = 1;
            for (Read<?> r : reads) {
                next = r.bind(ps, next);
            }
            boolean isResult = ps.execute();
            for (Read<?> r : reads) {
                if (!isResult) {
                    throw new SQLException("read returned no rows: " + r.sql());
                }
                try (ResultSet rs = ps.getResultSet()) {
                    out.add(r.read(rs));
                }
                isResult = ps.getMoreResults();
            }
        }
        return out;
    }
}
