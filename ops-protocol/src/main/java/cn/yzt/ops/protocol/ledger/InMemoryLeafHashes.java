package cn.yzt.ops.protocol.ledger;

import java.util.ArrayList;
import java.util.List;

/** An append-only in-memory {@link LeafHashSource} (tests, clients replaying an export). Thread-safe. */
public final class InMemoryLeafHashes implements LeafHashSource {

    private final List<byte[]> hashes = new ArrayList<>();

    /** Appends a leaf hash and returns its index. */
    public synchronized long append(byte[] leafHash) {
        LedgerHash.requireHash(leafHash);
        hashes.add(leafHash.clone());
        return hashes.size() - 1L;
    }

    /** Appends SM3(0x00 || entry) and returns its index. */
    public long appendEntry(byte[] entry) {
        return append(LedgerHash.leaf(entry));
    }

    @Override
    public synchronized long size() {
        return hashes.size();
    }

    @Override
    public synchronized List<byte[]> leafHashes(long from, long to) {
        if (from < 0 || to < from || to > hashes.size()) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + hashes.size());
        }
        List<byte[]> out = new ArrayList<>((int) (to - from));
        for (int i = (int) from; i < to; i++) {
            out.add(hashes.get(i).clone());
        }
        return out;
    }
}
