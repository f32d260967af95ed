package cn.yzt.ops.server.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import cn.yzt.ops.protocol.ledger.LeafHashSource;
import cn.yzt.ops.protocol.ledger.LedgerHash;

/**
 * The committed leaf hashes plus the hash of every complete, aligned power-of-two subtree
 * ([k*2^L, (k+1)*2^L)), kept in memory. Such a subtree never changes once complete (the ledger is
 * append-only), so any MTH over the log decomposes into at most ~2*log2(n) stored hashes: a root,
 * an inclusion path or a consistency proof costs O(log n) node hashes instead of O(n).
 * <p>
 * Memory: level 0 holds n leaf hashes and the levels above n/2 + n/4 + ... < n node hashes, 32 bytes
 * each in chunked byte arrays (no per-hash objects): under 64 bytes per ledger entry, i.e. about
 * 64 MB per million entries.
 * <p>
 * Only committed leaves are added ({@link #append} after the transaction that inserted them has
 * committed), so a rolled-back batch never leaves anything here; a batch's own uncommitted leaves
 * are seen through a {@link #view} overlay that is dropped with the batch. Thread-safe.
 */
final class SubtreeHashes {

    private static final int CHUNK = 1024; // hashes per chunk (32 KiB)

    /** Append-only list of 32-byte hashes in 32 KiB chunks. */
    private static final class HashArray {
        private final List<byte[]> chunks = new ArrayList<>();
        private long size;

        void add(byte[] h) {
            int off = (int) (size % CHUNK);
            if (off == 0) {
                chunks.add(new byte[CHUNK * LedgerHash.SIZE]);
            }
            System.arraycopy(h, 0, chunks.get((int) (size / CHUNK)), off * LedgerHash.SIZE, LedgerHash.SIZE);
            size++;
        }

        byte[] get(long i) {
            byte[] out = new byte[LedgerHash.SIZE];
            System.arraycopy(chunks.get((int) (i / CHUNK)), (int) (i % CHUNK) * LedgerHash.SIZE, out, 0, LedgerHash.SIZE);
            return out;
        }
    }

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** levels.get(L) = hashes of the complete aligned subtrees of 2^L leaves; level 0 = leaves. */
    private final List<HashArray> levels = new ArrayList<>();

    SubtreeHashes() {
        levels.add(new HashArray());
    }

    /** Number of committed leaves held. */
    long size() {
        lock.readLock().lock();
        try {
            return levels.get(0).size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds committed leaves that start at index {@code from}; false (nothing added) when {@code from}
     * is not the current size, i.e. the caller's view of the ledger is out of date.
     */
    boolean append(long from, List<byte[]> leaves) {
        lock.writeLock().lock();
        try {
            if (from != levels.get(0).size) {
                return false;
            }
            for (byte[] leaf : leaves) {
                if (leaf.length != LedgerHash.SIZE) {
                    throw new IllegalArgumentException("leaf hash of " + leaf.length + " bytes");
                }
                long idx = levels.get(0).size;
                levels.get(0).add(leaf);
                byte[] h = leaf;
                // every completed pair makes a parent one level up, while the index is odd
                for (int level = 0; (idx & 1) == 1; level++) {
                    HashArray lower = levels.get(level);
                    h = LedgerHash.node(lower.get(idx - 1), h);
                    idx >>= 1;
                    if (levels.size() == level + 1) {
                        levels.add(new HashArray());
                    }
                    levels.get(level + 1).add(h);
                }
            }
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** MTH of committed leaves [from, to) (non-empty); O(log n) stored hashes when {@code from} is 0 or aligned. */
    byte[] hash(long from, long to) {
        lock.readLock().lock();
        try {
            if (from < 0 || to > levels.get(0).size || from >= to) {
                throw new IndexOutOfBoundsException(from + ".." + to + " of " + levels.get(0).size);
            }
            return hashLocked(from, to);
        } finally {
            lock.readLock().unlock();
        }
    }

    private byte[] hashLocked(long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1 && from % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return levels.get(level).get(from >> level);
        }
        long k = Long.highestOneBit(n - 1);
        return LedgerHash.node(hashLocked(from, from + k), hashLocked(from + k, to));
    }

    List<byte[]> leaves(long from, long to) {
        lock.readLock().lock();
        try {
            if (from < 0 || to > levels.get(0).size || from > to) {
                throw new IndexOutOfBoundsException(from + ".." + to + " of " + levels.get(0).size);
            }
            List<byte[]> out = new ArrayList<>((int) (to - from));
            for (long i = from; i < to; i++) {
                out.add(levels.get(0).get(i));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The first {@code committed} leaves (at most {@link #size()}) followed by {@code pending} leaves not
     * yet committed, as a fixed source for one batch or one request. Hashes of ranges reaching into
     * the pending leaves are memoized in the view, so a batch's root and all its receipts cost
     * O(pending * log n) node hashes in total.
     */
    LeafHashSource view(long committed, List<byte[]> pending) {
        if (committed > size()) {
            throw new IllegalArgumentException("view of " + committed + " committed leaves, " + size() + " known");
        }
        List<byte[]> fixed = new ArrayList<>(pending.size());
        pending.forEach(p -> fixed.add(p.clone()));
        long n = committed + fixed.size();
        return new LeafHashSource() {
            private final Map<Long, Map<Long, byte[]>> memo = new HashMap<>();

            @Override
            public long size() {
                return n;
            }

            @Override
            public List<byte[]> leafHashes(long from, long to) {
                if (from < 0 || to > n || from > to) {
                    throw new IndexOutOfBoundsException(from + ".." + to + " of " + n);
                }
                List<byte[]> out = new ArrayList<>(leaves(Math.min(from, committed), Math.min(to, committed)));
                for (long i = Math.max(from, committed); i < to; i++) {
                    out.add(fixed.get((int) (i - committed)).clone());
                }
                return out;
            }

            @Override
            public synchronized byte[] subtreeHash(long from, long to) {
                if (from < 0 || to > n || from >= to) {
                    throw new IndexOutOfBoundsException(from + ".." + to + " of " + n);
                }
                return mixed(from, to).clone();
            }

            private byte[] mixed(long from, long to) {
                if (to <= committed) {
                    return hash(from, to);
                }
                if (to - from == 1) {
                    return fixed.get((int) (from - committed));
                }
                Map<Long, byte[]> byTo = memo.computeIfAbsent(from, x -> new HashMap<>());
                byte[] h = byTo.get(to);
                if (h == null) {
                    long k = Long.highestOneBit(to - from - 1);
                    h = LedgerHash.node(mixed(from, from + k), mixed(from + k, to));
                    byTo.put(to, h);
                }
                return h;
            }
        };
    }
}
