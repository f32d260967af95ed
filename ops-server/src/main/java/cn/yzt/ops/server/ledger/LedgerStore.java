package cn.yzt.ops.server.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.ledger.LeafHashSource;
import cn.yzt.ops.server.db.Tx;

/**
 * The ledger's leaf hashes, read from {@code ledger_entries} and cached in memory (the table is
 * append-only, so a cached hash never changes). Rows are committed in index order because the one
 * writer holds a transaction-scoped lock until its commit, so "all rows from the cache's size on"
 * is always a contiguous range.
 */
public final class LedgerStore {

    private final DataSource ds;
    private final List<byte[]> cache = new ArrayList<>();

    public LedgerStore(DataSource ds) {
        this.ds = ds;
    }

    /** Reads rows committed since the last sync; returns the number of leaves now known. */
    public long sync(Connection c) throws SQLException {
        synchronized (cache) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT idx, leaf_hash FROM ledger_entries WHERE idx >= ? ORDER BY idx")) {
                ps.setLong(1, cache.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) != cache.size()) {
                            throw new IllegalStateException("ledger index gap at " + cache.size());
                        }
                        cache.add(rs.getBytes(2));
                    }
                }
            }
            return cache.size();
        }
    }

    public long sync() {
        return Tx.run(ds, this::sync);
    }

    /** The first {@code size} leaves plus {@code pending} (hashes not yet committed), as a fixed source. */
    public LeafHashSource view(long size, List<byte[]> pending) {
        List<byte[]> fixed = List.copyOf(pending);
        long n = size + fixed.size();
        return new LeafHashSource() {
            @Override
            public long size() {
                return n;
            }

            @Override
            public List<byte[]> leafHashes(long from, long to) {
                if (from < 0 || to > n || from > to) {
                    throw new IndexOutOfBoundsException(from + ".." + to + " of " + n);
                }
                List<byte[]> out = new ArrayList<>((int) (to - from));
                synchronized (cache) {
                    for (long i = from; i < Math.min(to, size); i++) {
                        out.add(cache.get((int) i).clone());
                    }
                }
                for (long i = Math.max(from, size); i < to; i++) {
                    out.add(fixed.get((int) (i - size)).clone());
                }
                return out;
            }
        };
    }

    /** The committed leaves as of now. */
    public LeafHashSource committed() {
        return view(sync(), List.of());
    }
}
