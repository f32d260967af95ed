package cn.yzt.ops.server.ledger;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.ledger.LeafHashSource;
import cn.yzt.ops.server.db.Reads;
import cn.yzt.ops.server.db.Tx;

/**
 * The ledger's committed leaf hashes and complete-subtree hashes ({@link SubtreeHashes}), read from
 * {@code ledger_entries}. Rows are committed in index order because the one writer holds a
 * transaction-scoped lock until its commit, so "all rows from the cache's size on" is always a
 * contiguous range. Rows read from the database (at the first use, or written by another server
 * process) are checked against the newest signed tree head, so a writer never extends a ledger
 * whose stored leaf hashes no longer match what it signed.
 */
public final class LedgerStore {

    private final DataSource ds;
    private final SubtreeHashes hashes = new SubtreeHashes();
    private final Object syncLock = new Object();
    private volatile String broken;

    public LedgerStore(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Reads rows committed since the last sync; returns the number of leaves now known. Only for a
     * transaction that holds the writer lock and has not inserted rows yet (they would be cached
     * before they are committed), or one that has no ledger rows of its own.
     */
    long sync(Connection c) throws SQLException {
        synchronized (syncLock) {
            long from = hashes.size();
            return synced(c, from, beyond(c, from));
        }
    }

    /**
     * Adds ROWS (read with {@link #beyondRead} from index FROM, in a transaction that holds the writer
     * lock) to the cache; returns the number of leaves now known.
     */
    long synced(Connection c, long from, List<byte[]> rows) throws SQLException {
        synchronized (syncLock) {
            if (!rows.isEmpty()) {
                hashes.append(from, rows);
                checkAgainstTreeHead(c);
            }
            if (broken != null) {
                throw new IllegalStateException(broken);
            }
            return hashes.size();
        }
    }

    /** Leaf hashes of the rows from index {@code from} on, as this transaction sees them (not cached). */
    List<byte[]> beyond(Connection c, long from) throws SQLException {
        return Reads.one(c, beyondRead(from));
    }

    /** {@link #beyond} as a read to send with others. */
    Reads.Read<List<byte[]>> beyondRead(long from) {
        return Reads.of("SELECT idx, leaf_hash FROM ledger_entries WHERE idx >= ? ORDER BY idx",
                (ps, first) -> {
                    ps.setLong(first, from);
                    return first + 1;
                }, rs -> {
                    List<byte[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        if (rs.getLong(1) != from + rows.size()) {
                            throw new IllegalStateException("ledger index gap at " + (from + rows.size()));
                        }
                        rows.add(rs.getBytes(2));
                    }
                    return rows;
                });
    }

    /** Number of leaves cached (all committed). */
    long cachedSize() {
        return hashes.size();
    }

    /**
     * Syncs on a connection of its own, never a caller's open transaction: its uncommitted ledger
     * rows must not enter the cache.
     */
    public long sync() {
        try (Connection c = ds.getConnection()) {
            return sync(c);
        } catch (SQLException ex) {
            throw new Tx.DataAccessException(ex);
        }
    }

    /** The newest signed head must be the root of the stored leaf hashes it covers. */
    private void checkAgainstTreeHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tree_size, root_hash FROM tree_heads ORDER BY tree_size DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                long size = rs.getLong(1);
                if (size > 0 && size <= hashes.size() && !MessageDigest.isEqual(hashes.hash(0, size), rs.getBytes(2))) {
                    broken = "stored ledger leaf hashes do not match the signed tree head of size " + size
                            + "; run 'ops-server ledger verify'";
                }
            }
        }
    }

    /** Leaves committed by this process's writer (after its commit): added without a database read. */
    void committed(long from, List<byte[]> leaves) {
        synchronized (syncLock) {
            hashes.append(from, leaves); // false = a reader's sync already loaded them
        }
    }

    /** The first {@code size} committed leaves plus {@code pending} (hashes not yet committed), as a fixed source. */
    public LeafHashSource view(long size, List<byte[]> pending) {
        return hashes.view(size, pending);
    }

    /** The committed leaves, reading the database only when {@code atLeast} leaves are not known yet. */
    public LeafHashSource committed(long atLeast) {
        long known = hashes.size();
        if (known < atLeast) {
            known = sync();
        }
        return hashes.view(known, List.of());
    }

    /** The committed leaves as of now. */
    public LeafHashSource committed() {
        return hashes.view(sync(), List.of());
    }
}
