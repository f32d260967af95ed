package cn.yzt.ops.protocol.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 section 2.1 Merkle tree math (MTH, PATH, PROOF) over any {@link LeafHashSource},
 * for any past size of the log. Stateless apart from the source.
 */
public final class MerkleTree {

    private final LeafHashSource leaves;

    public MerkleTree(LeafHashSource leaves) {
        this.leaves = leaves;
    }

    /** Current number of leaves. */
    public long size() {
        return leaves.size();
    }

    /** The stored hash of one leaf. */
    public byte[] leafHash(long index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("no leaf " + index + " in a log of " + leaves.size());
        }
        return leaves.leafHashes(index, index + 1).get(0);
    }

    /** MTH of the first {@code treeSize} leaves (SM3("") for 0). */
    public byte[] rootHash(long treeSize) {
        checkSize(treeSize);
        return treeSize == 0 ? LedgerHash.empty() : leaves.subtreeHash(0, treeSize);
    }

    /** PATH(m, D[n]) of section 2.1.3.1. */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        checkSize(treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index " + leafIndex + " not in a tree of size " + treeSize);
        }
        List<byte[]> path = new ArrayList<>();
        path(leafIndex, 0, treeSize, path);
        return new InclusionProof(leafIndex, treeSize, path);
    }

    /** PROOF(m, D[n]) of section 2.1.4.1 (empty for m == n and for m == 0). */
    public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
        checkSize(secondSize);
        if (firstSize < 0 || firstSize > secondSize) {
            throw new IllegalArgumentException("no consistency proof from size " + firstSize + " to " + secondSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (firstSize > 0) {
            subproof(firstSize, 0, secondSize, true, proof);
        }
        return new ConsistencyProof(firstSize, secondSize, proof);
    }

    // The list is built leaf-to-root: the recursion descends first, then appends the sibling.
    private void path(long m, long start, long end, List<byte[]> out) {
        long n = end - start;
        if (n <= 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m < k) {
            path(m, start, start + k, out);
            out.add(leaves.subtreeHash(start + k, end));
        } else {
            path(m - k, start + k, end, out);
            out.add(leaves.subtreeHash(start, start + k));
        }
    }

    private void subproof(long m, long start, long end, boolean complete, List<byte[]> out) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                out.add(leaves.subtreeHash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, out);
            out.add(leaves.subtreeHash(start + k, end));
        } else {
            subproof(m - k, start + k, end, false, out);
            out.add(leaves.subtreeHash(start, start + k));
        }
    }

    private void checkSize(long treeSize) {
        long size = leaves.size();
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " outside 0.." + size);
        }
    }

    /** MTH of a non-empty list of leaf hashes (recursive split at the largest power of two below n). */
    static byte[] hashOf(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return LedgerHash.empty();
        }
        return hashOf(leafHashes, 0, leafHashes.size());
    }

    private static byte[] hashOf(List<byte[]> h, int start, int end) {
        int n = end - start;
        if (n == 1) {
            return h.get(start);
        }
        int k = (int) largestPowerOfTwoBelow(n);
        return LedgerHash.node(hashOf(h, start, start + k), hashOf(h, start + k, end));
    }

    /** The largest power of two strictly smaller than n (n >= 2). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
