package cn.yzt.ops.server.rbac;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import cn.yzt.ops.server.db.Tx;

/**
 * What the checks before every signed operation read (a user's permissions and certificate
 * bindings, the dual-control policy), kept in memory: without it each operation pays a database
 * round trip for data that changes a few times a day (LedgerBenchmark). Entries are MAC-checked
 * when loaded, like any read.
 * Freshness: every change made by this server bumps a generation, per user (their roles, their
 * bindings) or global (role permissions, policy), both when it is written and again when its
 * transaction has ended ({@link Tx#afterEnd}); an entry carries the generations from before its
 * load and is only used while they are current. So a revocation through this server
 * holds for the very next operation. Changes this server does not make (another server process on
 * the same database, a DBA) are seen within {@link #TTL_MILLIS}. The ledger unit re-checks what a
 * grant or revocation depends on in its own transaction.
 */
public final class AclCache {

    /** Longest an entry is trusted without being reloaded. */
    public static final long TTL_MILLIS = 1_000;
    private static final long TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(TTL_MILLIS);
    private static final int MAX_ENTRIES = 10_000;

    /** When a load started: the generations it must still match to be stored. */
    public record Stamp(long global, long user, long at) {
    }

    private record Key(String kind, Object id) {
    }

    private record Entry(long global, long user, long at, Object value) {
    }

    private final DataSource ds;
    private final AtomicLong global = new AtomicLong();
    private final ConcurrentHashMap<Long, AtomicLong> users = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

    AclCache(DataSource ds) {
        this.ds = ds;
    }

    private AtomicLong user(long userId) {
        return users.computeIfAbsent(userId, k -> new AtomicLong());
    }

    /** Take before loading what {@link #put} will store (USER_ID 0 = global data only). */
    public Stamp stamp(long userId) {
        return new Stamp(global.get(), userId == 0 ? 0 : user(userId).get(), System.nanoTime());
    }

    /** The value stored under (KIND, ID) for USER_ID's generation, or null if absent or stale. */
    @SuppressWarnings("unchecked")
    public <T> T get(String kind, Object id, long userId) {
        Entry e = entries.get(new Key(kind, id));
        if (e == null || e.global() != global.get() || e.user() != (userId == 0 ? 0 : user(userId).get())
                || System.nanoTime() - e.at() > TTL_NANOS) {
            return null;
        }
        return (T) e.value();
    }

    /**
     * Stores VALUE, loaded since STAMP, under STAMP's generations: if a change was made during the
     * load, they are already past and {@link #get} never returns it.
     */
    public void put(String kind, Object id, Stamp stamp, Object value) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(new Key(kind, id), new Entry(stamp.global(), stamp.user(), stamp.at(), value));
    }

    /** The user's roles or bindings change (now, in the caller's transaction). */
    public void userChanged(long userId) {
        user(userId).incrementAndGet();
        Tx.afterEnd(ds, () -> user(userId).incrementAndGet());
    }

    /** Role permissions or policy change: every entry is stale. */
    public void allChanged() {
        global.incrementAndGet();
        Tx.afterEnd(ds, global::incrementAndGet);
    }
}
