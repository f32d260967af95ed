package cn.yzt.ops.protocol.ledger;

import java.util.List;

/**
 * The leaf hashes of an append-only log, by index. The server backs it with its ledger table;
 * tests use {@link InMemoryLeafHashes}. Implementations must never change a hash once returned.
 */
public interface LeafHashSource {

    /** Number of leaves currently in the log. */
    long size();

    /** Leaf hashes for indexes [from, to), in order; one call per range so a database needs one query. */
    List<byte[]> leafHashes(long from, long to);

    /**
     * MTH of leaves [from, to). The default reads the leaves; a database-backed source may override
     * it with stored hashes of complete subtrees (a complete power-of-two-aligned subtree never changes).
     */
    default byte[] subtreeHash(long from, long to) {
        return MerkleTree.hashOf(leafHashes(from, to));
    }
}
