package cn.yzt.ops.server.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.server.db.Tx;

/**
 * Group commit for the ledger. Every append takes the writer lock and pays a commit fsync, so one
 * append per transaction serialises callers on the disk. Here one thread takes what is queued (up
 * to {@code maxBatch}) and runs it as ONE transaction: per caller a savepoint, its entry row and its
 * work (services it calls join the transaction through {@link Tx#unit}); a caller whose unit throws
 * is rolled back to its savepoint and gets that exception, unchanged; then one signed tree head
 * over the batch, one COMMIT, and every caller gets its receipt. Callers return only once their
 * entry is durable; if the commit fails, nobody gets a receipt.
 * The queue is bounded: when it is full, callers wait for room (back-pressure, not unbounded memory).
 * The thread starts on demand and ends after a few idle seconds.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final long IDLE_EXIT_MILLIS = 5_000;

    /** One caller's unit. */
    static final class Item {
        final LedgerEntry entry;
        final LedgerService.WithEntry<Object> work;
        final CompletableFuture<LedgerService.Committed<Object>> done = new CompletableFuture<>();

        @SuppressWarnings("unchecked")
        Item(LedgerEntry entry, LedgerService.WithEntry<?> work) {
            this.entry = entry;
            this.work = (LedgerService.WithEntry<Object>) work;
        }
    }

    /** What the writer does with a batch inside its transaction (the ledger's append + head signing). */
    interface BatchAppender {
        /**
         * Takes the writer lock and returns the current size; called once per batch, first.
         */
        long begin(Connection c) throws SQLException;

        /** Inserts the entry row at {@code index}; returns its leaf hash. */
        byte[] insert(Connection c, long index, LedgerEntry e) throws SQLException;

        /** Signs one head over the accepted leaves; returns a receipt factory for them (called before commit). */
        LedgerService.Receipts finish(Connection c, long size, List<byte[]> leaves) throws SQLException;

        /** After a successful commit. */
        void committed(long size, List<byte[]> leaves);
    }

    private final DataSource ds;
    private final BatchAppender appender;
    private final int maxBatch;
    private final ArrayBlockingQueue<Item> queue;
    private Thread thread;
    private boolean closed;
    private volatile boolean writing;

    GroupCommitWriter(DataSource ds, BatchAppender appender, int maxBatch, int queueCapacity) {
        if (maxBatch < 1 || queueCapacity < maxBatch) {
            throw new IllegalArgumentException("need 1 <= maxBatch <= queueCapacity");
        }
        this.ds = ds;
        this.appender = appender;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** Queues the unit and waits until its batch is committed (or it failed). */
    LedgerService.Committed<Object> submit(LedgerEntry entry, LedgerService.WithEntry<?> work) {
        Item item = new Item(entry, work);
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (this) {
                    if (closed) {
                        throw new IllegalStateException("ledger writer closed");
                    }
                    if (queue.offer(item)) {
                        if (thread == null) {
                            thread = new Thread(this::run, "ledger-group-commit");
                            thread.setDaemon(true);
                            thread.start();
                        }
                        break;
                    }
                }
                // full: wait a little for the writer to drain (back-pressure)
                try {
                    Thread.sleep(1);
                } catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
            return cn.yzt.ops.server.db.Outcomes.await(item.done);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<Item> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Item first = queue.poll(IDLE_EXIT_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    synchronized (this) {
                        if (queue.isEmpty()) {
                            thread = null;
                            notifyAll();
                            return;
                        }
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writing = true;
                write(batch);
            } catch (InterruptedException ex) {
                synchronized (this) {
                    thread = null;
                    notifyAll();
                }
                return;
            } catch (RuntimeException | Error ex) {
                // write() completes every caller itself; never let the thread die silently
                for (Item i : batch) {
                    i.done.completeExceptionally(ex);
                }
            } finally {
                writing = false;
                batch.clear();
            }
        }
    }

    /** Outcome of one unit inside the batch. */
    private record Outcome(Item item, long index, byte[] leaf, Object result, Throwable failure) {
    }

    private void write(List<Item> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        LedgerService.Receipts receipts = null;
        long size = -1;
        List<byte[]> leaves = new ArrayList<>(batch.size());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                size = appender.begin(c);
                List<Tx.Work<?>> deferred = new ArrayList<>();
                for (Item item : batch) {
                    long index = size + leaves.size();
                    Savepoint sp = c.setSavepoint();
                    int deferredBefore = deferred.size();
                    try {
                        byte[] leaf = appender.insert(c, index, item.entry);
                        Object r = Tx.unit(ds, c, deferred, conn -> item.work.run(conn, new LedgerService.Appended(index, leaf)));
                        c.releaseSavepoint(sp);
                        leaves.add(leaf);
                        outcomes.add(new Outcome(item, index, leaf, r, null));
                    } catch (SQLException | RuntimeException | Error ex) {
                        // this caller's unit only: undo it, keep the others
                        c.rollback(sp);
                        outcomes.add(new Outcome(item, -1, null, null,
                                ex instanceof SQLException sql ? new Tx.DataAccessException(sql) : ex));
                    }
                    // records that must outlive the unit (an audited refusal), in the batch after it
                    for (Tx.Work<?> w : deferred.subList(deferredBefore, deferred.size())) {
                        w.run(c);
                    }
                }
                if (!leaves.isEmpty()) {
                    receipts = appender.finish(c, size, leaves);
                }
                c.commit();
            } catch (SQLException | RuntimeException | Error ex) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the transaction is gone with it
                }
                throw ex;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // returned to the pool, which discards broken connections
                }
            }
        } catch (SQLException | RuntimeException | Error ex) {
            // nothing of the batch was committed: nobody gets a receipt
            RuntimeException failure = ex instanceof SQLException sql ? new Tx.DataAccessException(sql)
                    : ex instanceof RuntimeException re ? re : new IllegalStateException(ex);
            for (Item i : batch) {
                i.done.completeExceptionally(failure);
            }
            return;
        }
        if (!leaves.isEmpty()) {
            appender.committed(size, leaves);
        }
        for (Outcome o : outcomes) {
            if (o.failure() != null) {
                o.item().done.completeExceptionally(o.failure());
            } else {
                try {
                    o.item().done.complete(new LedgerService.Committed<>(receipts.receipt(o.index()), o.result()));
                } catch (RuntimeException ex) {
                    o.item().done.completeExceptionally(ex);
                }
            }
        }
    }

    /** Writes what is queued, then refuses new units. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            long deadline = System.currentTimeMillis() + 30_000;
            while (thread != null && (!queue.isEmpty() || writing) && System.currentTimeMillis() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
