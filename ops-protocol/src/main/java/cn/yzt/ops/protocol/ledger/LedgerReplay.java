package cn.yzt.ops.protocol.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recomputes a ledger from its entries, in order, for a full audit ({@code ledger verify} on the
 * server, or offline over an export): which stored leaf hash no longer matches its entry, and
 * whether the recomputed tree has the root a signed tree head claims.
 */
public final class LedgerReplay {

    private final InMemoryLeafHashes recomputed = new InMemoryLeafHashes();
    private final MerkleTree tree = new MerkleTree(recomputed);

    /** Adds the next entry (canonical bytes); returns its index. */
    public long add(byte[] entryBytes) {
        return recomputed.appendEntry(entryBytes);
    }

    public long size() {
        return recomputed.size();
    }

    /** The recomputed tree (for proofs over the replayed entries). */
    public MerkleTree tree() {
        return tree;
    }

    /** The first index whose stored leaf hash differs from the recomputed one, over the common length. */
    public OptionalLong firstMismatch(LeafHashSource stored) {
        long n = Math.min(stored.size(), recomputed.size());
        final int batch = 4096;
        for (long from = 0; from < n; from += batch) {
            long to = Math.min(n, from + batch);
            List<byte[]> a = stored.leafHashes(from, to);
            List<byte[]> b = recomputed.leafHashes(from, to);
            for (int i = 0; i < a.size(); i++) {
                if (!MessageDigest.isEqual(a.get(i), b.get(i))) {
                    return OptionalLong.of(from + i);
                }
            }
        }
        return stored.size() == recomputed.size() ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /**
     * Empty when {@code sth} is genuine and is the root of the first {@code treeSize} replayed
     * entries; ROOT_MISMATCH when the entries do not produce the signed root.
     */
    public Optional<LedgerProblem> check(SignedTreeHead sth, TreeHeadVerifier verifier) {
        Optional<LedgerProblem> p = verifier.verify(sth);
        if (p.isPresent()) {
            return p;
        }
        long size = sth.treeHead().treeSize();
        if (size > recomputed.size()) {
            return Optional.of(LedgerProblem.PROOF_MISMATCH);
        }
        return MessageDigest.isEqual(tree.rootHash(size), sth.treeHead().rootHash()) ? Optional.empty()
                : Optional.of(LedgerProblem.ROOT_MISMATCH);
    }
}
