package cn.yzt.ops.server.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

/** Runs work in one transaction: commit on return, rollback on any exception. */
public final class Tx {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Tx() {
    }

    /**
     * The transaction this thread is inside ({@link #joined} or a group-commit batch unit), which
     * nested {@link #run} calls on the same pool join. {@code buffered} and {@code batchBuffered} are
     * non-null only inside a batch unit: what goes to the batch's sinks with the unit, or whatever
     * becomes of it ({@link #bufferInUnit}, {@link #bufferInBatch}).
     */
    private record Ambient(DataSource ds, Connection c, List<Buffered<?>> buffered, List<Runnable> afterEnd,
            List<Buffered<?>> batchBuffered) {
    }

    /**
     * Writes items that many batch units produce with one statement at the end of the batch (the
     * audit chain: one multi-row insert and head update instead of a round trip pair per unit).
     * A sink registered with the ledger ({@code LedgerService.writeAlong}) also reads in the batch's
     * opening round trip (the chain head, locked) and its write goes out with the ledger's own final
     * statement; otherwise it is opened and written on its own at the end of the batch.
     */
    public interface BatchSink<T> {
        /** What to read when the batch opens (null: nothing). */
        default Reads.Read<?> opening() {
            return null;
        }

        /**
         * The statement writing ITEMS after what {@link #opening} read (OPENED; null if not opened),
         * or null once it has written them itself on {@code c}.
         */
        Reads.Write write(Connection c, Object opened, List<T> items) throws SQLException;
    }

    /** One item a unit handed to a {@link BatchSink}. */
    public record Buffered<T>(BatchSink<T> sink, T item) {
    }

    private static final ThreadLocal<Ambient> AMBIENT = new ThreadLocal<>();

    /**
     * Runs {@code work} in one transaction that every {@link #run} on the same DataSource made by
     * this thread inside it joins (no commit of their own): several service calls plus a ledger
     * append commit together or not at all.
     */
    public static <T> T joined(DataSource ds, Work<T> work) {
        if (AMBIENT.get() != null) {
            return run(ds, work);
        }
        List<Runnable> after = new java.util.ArrayList<>();
        try {
            return run(ds, c -> {
                AMBIENT.set(new Ambient(ds, c, null, after, null));
                try {
                    return work.run(c);
                } finally {
                    AMBIENT.remove();
                }
            });
        } finally {
            // the transaction has ended (committed or rolled back)
            runAfter(after);
        }
    }

    /** Whether this thread is inside a transaction on {@code ds} that {@link #run} would join. */
    public static boolean active(DataSource ds) {
        Ambient a = AMBIENT.get();
        return a != null && a.ds() == ds;
    }

    /** Whether this thread is running a group-commit unit ({@link #unit}) on {@code ds}. */
    public static boolean inUnit(DataSource ds) {
        Ambient a = AMBIENT.get();
        return a != null && a.ds() == ds && a.buffered() != null;
    }

    /**
     * For a group-commit writer: runs one caller's unit on the writer's open transaction {@code c}
     * (whose commit, rollback and savepoints the writer owns), with every {@link #run} on {@code ds}
     * joining it; what it hands to batch sinks goes to {@code buffered} (dropped by the writer if the
     * unit fails) or {@code batchBuffered} (kept), what waits for the transaction's end to {@code afterEnd}.
     */
    public static <T> T unit(DataSource ds, Connection c, List<Buffered<?>> buffered, List<Runnable> afterEnd,
            List<Buffered<?>> batchBuffered, Work<T> work) throws SQLException {
        if (AMBIENT.get() != null) {
            throw new IllegalStateException("a batch unit cannot run inside another transaction");
        }
        AMBIENT.set(new Ambient(ds, c, buffered, afterEnd, batchBuffered));
        try {
            return work.run(c);
        } finally {
            AMBIENT.remove();
        }
    }

    /**
     * Inside a group-commit unit on {@code ds}: hands {@code item} to {@code sink}, written at the end
     * of the batch if the unit completes (dropped with the unit if it fails), and returns true.
     * Elsewhere returns false: the caller writes the item itself.
     */
    public static <T> boolean bufferInUnit(DataSource ds, BatchSink<T> sink, T item) {
        Ambient a = AMBIENT.get();
        if (a == null || a.ds() != ds || a.buffered() == null) {
            return false;
        }
        a.buffered().add(new Buffered<>(sink, item));
        return true;
    }

    /**
     * Inside a group-commit unit on {@code ds}: hands {@code item} to {@code sink} for the end of the
     * batch whatever becomes of the unit (a record that must outlive the unit's rollback, such as an
     * audited refusal), and returns true. Elsewhere returns false.
     */
    public static <T> boolean bufferInBatch(DataSource ds, BatchSink<T> sink, T item) {
        Ambient a = AMBIENT.get();
        if (a == null || a.ds() != ds || a.batchBuffered() == null) {
            return false;
        }
        a.batchBuffered().add(new Buffered<>(sink, item));
        return true;
    }

    /**
     * Runs {@code work} on one pooled connection in autocommit mode, with every {@link #run} on the
     * same pool inside it joining that connection: for a sequence of independent reads (checks
     * before a ledgered write), which then cost one round trip each and no BEGIN/COMMIT. Never for
     * writes that must be atomic.
     */
    public static <T> T reads(DataSource ds, Work<T> work) {
        if (AMBIENT.get() != null) {
            return run(ds, work);
        }
        try (Connection c = ds.getConnection()) {
            AMBIENT.set(new Ambient(ds, c, null, null, null));
            try {
                return work.run(c);
            } finally {
                AMBIENT.remove();
            }
        } catch (SQLException ex) {
            throw new DataAccessException(ex);
        }
    }

    /**
     * Runs {@code step} once the transaction this thread is in on {@code ds} has ended (committed or
     * not): after a group-commit batch's commit, after {@link #joined}'s transaction; outside those
     * at once. For caches of committed state: what a unit changed is only visible after the commit.
     */
    public static void afterEnd(DataSource ds, Runnable step) {
        Ambient a = AMBIENT.get();
        if (a == null || a.ds() != ds || a.afterEnd() == null) {
            step.run();
            return;
        }
        a.afterEnd().add(step);
    }

    /** Runs the steps queued by {@link #afterEnd}; one failing does not stop the others. */
    public static void runAfter(List<Runnable> steps) {
        RuntimeException first = null;
        for (Runnable r : steps) {
            try {
                r.run();
            } catch (RuntimeException ex) {
                first = first == null ? ex : first;
            }
        }
        steps.clear();
        if (first != null) {
            throw first;
        }
    }

    public static <T> T run(DataSource ds, Work<T> work) {
        Ambient ambient = AMBIENT.get();
        if (ambient != null && ambient.ds() == ds) {
            try {
                return work.run(ambient.c());
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
