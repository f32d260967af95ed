package cn.yzt.ops.server.audit;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import cn.yzt.ops.server.db.Tx;

/**
 * Group commit for the audit chain. The chain is a serial structure (each MAC covers the previous
 * one), so one append per transaction makes every caller wait for the lock holder's commit fsync in
 * turn. Here one writer thread takes whatever events are queued (up to {@link #MAX_BATCH}), appends
 * them in a single transaction and completes every caller after the commit: callers still return
 * only once their entry is durable, but N entries cost one lock round and one fsync.
 * If the batch transaction fails, none of its entries exists and every caller gets the error.
 */
final class AuditGroupWriter implements AutoCloseable {

    static final int MAX_BATCH = 256;

    /** A caller's unit: optional work in the batch transaction, then the event documenting it. */
    private record Pending(Tx.Work<Object> work, Function<Object, AuditEvent> event, CompletableFuture<Object> done) {
    }

    private final DataSource ds;
    private final AuditLog log;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private Thread thread;
    private boolean closed;

    AuditGroupWriter(DataSource ds, AuditLog log) {
        this.ds = ds;
        this.log = log;
    }

    /** Queues the event and waits until it is committed; returns its sequence number. */
    long submit(AuditEvent e) {
        long[] seq = new long[1];
        submit(c -> null, x -> e, seq);
        return seq[0];
    }

    /**
     * Runs {@code work} in the next batch transaction (under its own savepoint, so a failing unit
     * does not sink the others), appends the event made from its result, and returns that result
     * once both are committed together. {@code seqOut[0]} receives the sequence number.
     */
    @SuppressWarnings("unchecked")
    <T> T submit(Tx.Work<T> work, Function<T, AuditEvent> event, long[] seqOut) {
        Pending p = new Pending((Tx.Work<Object>) work, (Function<Object, AuditEvent>) event, new CompletableFuture<>());
        synchronized (this) {
            if (closed) {
                // after close (shutdown): write directly rather than lose the event
                return Tx.run(ds, c -> {
                    T r = work.run(c);
                    seqOut[0] = log.append(c, event.apply(r));
                    return r;
                });
            }
            if (thread == null) {
                thread = new Thread(this::run, "audit-group-commit");
                thread.setDaemon(true);
                thread.start();
            }
            queue.add(p);
        }
        Object[] result = (Object[]) cn.yzt.ops.server.db.Outcomes.await(p.done());
        seqOut[0] = (Long) result[1];
        return (T) result[0];
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    synchronized (this) {
                        if (closed && queue.isEmpty()) {
                            return;
                        }
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        List<Pending> ok = new ArrayList<>(batch.size());
        List<Object> results = new ArrayList<>(batch.size());
        try {
            long[] seqs = Tx.run(ds, c -> {
                List<AuditEvent> events = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    Savepoint sp = c.setSavepoint();
                    try {
                        Object r = p.work().run(c);
                        events.add(p.event().apply(r));
                        c.releaseSavepoint(sp);
                        ok.add(p);
                        results.add(r);
                    } catch (SQLException | RuntimeException ex) {
                        // this caller's unit only: undo it, tell its caller, keep the others
                        c.rollback(sp);
                        p.done().completeExceptionally(ex instanceof SQLException sql ? new Tx.DataAccessException(sql) : ex);
                    }
                }
                return events.isEmpty() ? new long[0] : log.appendAll(c, events);
            });
            for (int i = 0; i < ok.size(); i++) {
                ok.get(i).done().complete(new Object[] {results.get(i), seqs[i]});
            }
        } catch (RuntimeException | Error ex) {
            // nothing of the batch was committed
            for (Pending p : batch) {
                p.done().completeExceptionally(ex);
            }
        }
    }

    /** Writes what is queued, then stops the thread (new events are then written directly). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
