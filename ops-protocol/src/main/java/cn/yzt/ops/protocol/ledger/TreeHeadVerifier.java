package cn.yzt.ops.protocol.ledger;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Optional;

/**
 * Client-side checks with nothing but the ledger public key: a signed tree head is genuine, and a
 * newer one extends an older one (RFC 9162 consistency), so a server that rewrites history,
 * even re-signing with its own key, is caught by anyone holding an older head.
 */
public final class TreeHeadVerifier {

    private final PublicKey ledgerKey;
    private final byte[] keyId;

    public TreeHeadVerifier(PublicKey ledgerKey) {
        this.ledgerKey = LedgerKeys.sm2PublicKey(ledgerKey.getEncoded());
        this.keyId = LedgerKeys.keyId(ledgerKey);
    }

    /** Empty when the head is signed by this ledger key. */
    public Optional<LedgerProblem> verify(SignedTreeHead sth) {
        if (!MessageDigest.isEqual(sth.treeHead().keyId(), keyId)) {
            return Optional.of(LedgerProblem.TREE_HEAD_WRONG_KEY);
        }
        if (!LedgerKeys.verify(ledgerKey, sth.treeHead().encode(), sth.signature())) {
            return Optional.of(LedgerProblem.TREE_HEAD_SIGNATURE);
        }
        return Optional.empty();
    }

    /** Empty when both heads are genuine and {@code newer}'s tree extends {@code older}'s. */
    public Optional<LedgerProblem> verifyConsistency(SignedTreeHead older, SignedTreeHead newer, ConsistencyProof proof) {
        Optional<LedgerProblem> p = verify(older).or(() -> verify(newer));
        if (p.isPresent()) {
            return p;
        }
        TreeHead a = older.treeHead();
        TreeHead b = newer.treeHead();
        if (b.treeSize() < a.treeSize()) {
            return Optional.of(LedgerProblem.TREE_SHRANK);
        }
        if (proof.firstSize() != a.treeSize() || proof.secondSize() != b.treeSize()) {
            return Optional.of(LedgerProblem.PROOF_MISMATCH);
        }
        return proof.verify(a.rootHash(), b.rootHash()) ? Optional.empty()
                : Optional.of(LedgerProblem.CONSISTENCY_FAILED);
    }
}
