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
 * to {@code maxBatch}) and runs it as ONE transaction: the units' claims (single-use tokens such as
 * operation nonces) in one statement per claimer, then each caller's work (services it calls join
 * the transaction through {@link Tx#unit}), then what the units buffered for the batch (audit
 * records), the entry rows in one batched insert, one signed tree head over the batch and one
 * COMMIT; every caller gets its receipt. Callers return only once their entry is durable; if the
 * commit fails, nobody gets a receipt.
 * The serial writer is the throughput limit, so it does no per-unit CPU work (entries arrive
 * encoded and hashed) and as few round trips as it can: the units run first WITHOUT savepoints;
 * only if one throws is the transaction rolled back and the batch run again with a savepoint per
 * unit, so a caller whose unit throws gets that exception, unchanged, and the others are kept.
 * The queue is bounded: when it is full, callers wait for room (back-pressure, not unbounded memory).
 * The thread starts on demand and ends after a few idle seconds.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final long IDLE_EXIT_MILLIS = 5_000;

    /** One caller's unit: its entry (encoded and hashed by the caller), optional claim and work. */
    static final class Item {
        final LedgerEntry entry;
        final byte[] encoded;
        final byte[] leaf;
        final LedgerService.Claim<?> claim;
        final LedgerService.WithEntry<Object> work;
        final CompletableFuture<LedgerService.Committed<Object>> done = new CompletableFuture<>();

        @SuppressWarnings("unchecked")
        Item(LedgerEntry entry, LedgerService.Claim<?> claim, LedgerService.WithEntry<?> work) {
            this.entry = entry;
            this.encoded = entry.encode();
            this.leaf = cn.yzt.ops.protocol.ledger.LedgerHash.leaf(encoded);
            this.claim = claim;
            this.work = (LedgerService.WithEntry<Object>) work;
        }
    }

    /** How a batch transaction starts: reads sent first, with the units' claims, in one round trip. */
    interface Opening {
        /** The reads (the writer lock, then what others committed). */
        List<cn.yzt.ops.server.db.Reads.Read<?>> reads();

        /** The ledger size the batch appends to, from the results of {@link #reads} in order. */
        long begin(Connection c, List<Object> results) throws SQLException;
    }

    /** What the writer does with a batch inside its transaction (the ledger's append + head signing). */
    interface BatchAppender {
        /** Called once per batch, first. */
        Opening opening();

        /**
         * Inserts the accepted entries' rows (the first at {@code size}) and one signed head over
         * them, sent in one round trip after ALONG (the batch sinks' writes); returns a receipt
         * factory for them (called before commit).
         */
        LedgerService.Receipts finish(Connection c, long size, List<Item> accepted, List<cn.yzt.ops.server.db.Reads.Write> along)
                throws SQLException;

        /** After a successful commit. */
        void committed(long size, List<byte[]> leaves);
    }

    private final DataSource ds;
    private final BatchAppender appender;
    private final int maxBatch;
    private final ArrayBlockingQueue<Item> queue;
    /** Sinks opened with every batch and written with its final statement (the audit chain). */
    private final List<Tx.BatchSink<?>> along = new java.util.concurrent.CopyOnWriteArrayList<>();
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

    /** Opens SINK with every batch and sends its write with the batch's final statement. */
    void writeAlong(Tx.BatchSink<?> sink) {
        along.add(sink);
    }

    /** Queues the unit and waits until its batch is committed (or it failed). */
    LedgerService.Committed<Object> submit(LedgerEntry entry, LedgerService.Claim<?> claim, LedgerService.WithEntry<?> work) {
        Item item = new Item(entry, claim, work);
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
    private record Outcome(Item item, long index, Object result, Throwable failure) {
    }

    /** A unit threw in a batch run without savepoints: the batch is run again with them. */
    private static final class UnitFailed extends Exception {
        private static final long serialVersionUID = 1L;

        UnitFailed() {
            super(null, null, false, false);
        }
    }

    /** What one committed batch transaction produced. */
    private record Written(List<Outcome> outcomes, long size, List<byte[]> leaves, LedgerService.Receipts receipts) {
    }

    private void write(List<Item> batch) {
        Written w;
        List<Runnable> afterEnd = new ArrayList<>();
        try {
            try {
                w = transaction(batch, false, afterEnd);
            } catch (UnitFailed retry) {
                Tx.runAfter(afterEnd);
                w = transaction(batch, true, afterEnd);
            }
        } catch (SQLException | RuntimeException | Error | UnitFailed ex) {
            Tx.runAfter(afterEnd);
            // nothing of the batch was committed: nobody gets a receipt
            RuntimeException failure = ex instanceof SQLException sql ? new Tx.DataAccessException(sql)
                    : ex instanceof RuntimeException re ? re : new IllegalStateException(ex);
            for (Item i : batch) {
                i.done.completeExceptionally(failure);
            }
            return;
        }
        if (!w.leaves().isEmpty()) {
            appender.committed(w.size(), w.leaves());
        }
        // before any caller is answered: a cache of committed state is fresh when they go on
        Tx.runAfter(afterEnd);
        for (Outcome o : w.outcomes()) {
            if (o.failure() != null) {
                o.item().done.completeExceptionally(o.failure());
            } else {
                try {
                    o.item().done.complete(new LedgerService.Committed<>(w.receipts().receipt(o.index()), o.result()));
                } catch (RuntimeException ex) {
                    o.item().done.completeExceptionally(ex);
                }
            }
        }
    }

    /**
     * One batch transaction. Without {@code savepoints} the first unit that throws aborts it
     * ({@link UnitFailed}, rolled back); with them a failing unit is undone alone.
     */
    private Written transaction(List<Item> batch, boolean savepoints, List<Runnable> afterEnd) throws SQLException, UnitFailed {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Outcome> outcomes = new ArrayList<>(batch.size());
                long[] size0 = {0};
                java.util.Map<Tx.BatchSink<?>, Object> opened = new java.util.HashMap<>();
                List<Item> runnable = opened(c, batch, outcomes, size0, opened);
                long size = size0[0];
                List<byte[]> leaves = new ArrayList<>(batch.size());
                List<Item> accepted = new ArrayList<>(batch.size());
                List<Tx.Buffered<?>> buffered = new ArrayList<>();
                List<Tx.Buffered<?>> batchBuffered = new ArrayList<>();
                for (Item item : runnable) {
                    long index = size + leaves.size();
                    Savepoint sp = savepoints ? c.setSavepoint() : null;
                    int bufferedBefore = buffered.size();
                    try {
                        Object r = Tx.unit(ds, c, buffered, afterEnd, batchBuffered,
                                conn -> item.work.run(conn, new LedgerService.Appended(index, item.leaf)));
                        if (sp != null) {
                            c.releaseSavepoint(sp);
                        }
                        leaves.add(item.leaf);
                        accepted.add(item);
                        outcomes.add(new Outcome(item, index, r, null));
                    } catch (SQLException | RuntimeException | Error ex) {
                        if (sp == null) {
                            throw new UnitFailed();
                        }
                        // this caller's unit only: undo it, keep the others
                        c.rollback(sp);
                        buffered.subList(bufferedBefore, buffered.size()).clear();
                        outcomes.add(new Outcome(item, -1, null,
                                ex instanceof SQLException sql ? new Tx.DataAccessException(sql) : ex));
                    }
                }
                List<Tx.Buffered<?>> toWrite = new ArrayList<>(batchBuffered);
                toWrite.addAll(buffered);
                List<cn.yzt.ops.server.db.Reads.Write> writes = writes(c, toWrite, opened);
                LedgerService.Receipts receipts = null;
                if (!accepted.isEmpty()) {
                    receipts = appender.finish(c, size, accepted, writes);
                } else if (!writes.isEmpty()) {
                    cn.yzt.ops.server.db.Reads.writeAll(c, writes);
                }
                c.commit();
                return new Written(outcomes, size, leaves, receipts);
            } catch (SQLException | RuntimeException | Error | UnitFailed ex) {
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
        }
    }

    /**
     * Opens the batch in ONE round trip: the appender's reads (writer lock, rows others committed)
     * and the units' claims, one statement per claimer, outside any unit (a claimed token stays
     * spent even when its unit then fails). Puts the ledger size in {@code size[0]}; returns the
     * units to run (a unit whose claim is refused does not run).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<Item> opened(Connection c, List<Item> batch, List<Outcome> outcomes, long[] size,
            java.util.Map<Tx.BatchSink<?>, Object> sinksOpened) throws SQLException {
        Opening open = appender.opening();
        List<cn.yzt.ops.server.db.Reads.Read<?>> reads = new ArrayList<>(open.reads());
        int appenderReads = reads.size();
        List<Tx.BatchSink<?>> sinks = new ArrayList<>();
        for (Tx.BatchSink<?> s : along) {
            if (s.opening() != null) {
                sinks.add(s);
                reads.add(s.opening());
            }
        }
        int first = reads.size();
        java.util.Map<LedgerService.Claimer<?>, List<Item>> byClaimer = new java.util.LinkedHashMap<>();
        for (Item i : batch) {
            if (i.claim != null) {
                byClaimer.computeIfAbsent(i.claim.claimer(), k -> new ArrayList<>()).add(i);
            }
        }
        for (java.util.Map.Entry<LedgerService.Claimer<?>, List<Item>> e : byClaimer.entrySet()) {
            List tokens = new ArrayList<>();
            for (Item i : e.getValue()) {
                tokens.add(i.claim.token());
            }
            reads.add(((LedgerService.Claimer) e.getKey()).claim(tokens));
        }
        List<Object> got = cn.yzt.ops.server.db.Reads.all(c, reads);
        size[0] = open.begin(c, got.subList(0, appenderReads));
        for (int k = 0; k < sinks.size(); k++) {
            sinksOpened.put(sinks.get(k), got.get(appenderReads + k));
        }
        if (byClaimer.isEmpty()) {
            return batch;
        }
        java.util.Set<Item> refused = new java.util.HashSet<>();
        int r = first;
        for (List<Item> items : byClaimer.values()) {
            List<RuntimeException> problems = (List<RuntimeException>) got.get(r++);
            for (int k = 0; k < problems.size(); k++) {
                if (problems.get(k) != null) {
                    refused.add(items.get(k));
                    outcomes.add(new Outcome(items.get(k), -1, null, problems.get(k)));
                }
            }
        }
        List<Item> out = new ArrayList<>(batch.size());
        for (Item i : batch) {
            if (!refused.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * The statements writing what the units handed to batch sinks, one per sink in first-use order
     * (a sink that was not opened with the batch writes its items itself here).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<cn.yzt.ops.server.db.Reads.Write> writes(Connection c, List<Tx.Buffered<?>> buffered,
            java.util.Map<Tx.BatchSink<?>, Object> opened) throws SQLException {
        java.util.Map<Tx.BatchSink<?>, List<Object>> bySink = new java.util.LinkedHashMap<>();
        for (Tx.Buffered<?> b : buffered) {
            bySink.computeIfAbsent(b.sink(), k -> new ArrayList<>()).add(b.item());
        }
        List<cn.yzt.ops.server.db.Reads.Write> out = new ArrayList<>();
        for (java.util.Map.Entry<Tx.BatchSink<?>, List<Object>> e : bySink.entrySet()) {
            cn.yzt.ops.server.db.Reads.Write w = ((Tx.BatchSink) e.getKey()).write(c, opened.get(e.getKey()), e.getValue());
            if (w != null) {
                out.add(w);
            }
        }
        return out;
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
