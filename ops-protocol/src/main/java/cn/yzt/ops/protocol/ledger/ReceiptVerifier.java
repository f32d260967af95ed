package cn.yzt.ops.protocol.ledger;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Optional;

/** Checks a receipt offline: genuine tree head, proof for that head, leaf hash of the entry, inclusion. */
public final class ReceiptVerifier {

    private final TreeHeadVerifier heads;

    public ReceiptVerifier(PublicKey ledgerKey) {
        this.heads = new TreeHeadVerifier(ledgerKey);
    }

    /** Empty when the receipt proves that {@code entryBytes} is in the signed tree. */
    public Optional<LedgerProblem> verify(Receipt receipt, byte[] entryBytes) {
        if (!MessageDigest.isEqual(LedgerHash.leaf(entryBytes), receipt.leafHash())) {
            return Optional.of(LedgerProblem.LEAF_HASH_MISMATCH);
        }
        return verify(receipt);
    }

    /** The same without the entry (the leaf hash is taken as given). */
    public Optional<LedgerProblem> verify(Receipt receipt) {
        Optional<LedgerProblem> head = heads.verify(receipt.signedTreeHead());
        if (head.isPresent()) {
            return head;
        }
        TreeHead th = receipt.signedTreeHead().treeHead();
        InclusionProof p = receipt.inclusionProof();
        if (p.treeSize() != th.treeSize() || p.leafIndex() != receipt.leafIndex()) {
            return Optional.of(LedgerProblem.PROOF_MISMATCH);
        }
        return p.verify(receipt.leafHash(), th.rootHash()) ? Optional.empty()
                : Optional.of(LedgerProblem.INCLUSION_FAILED);
    }

    public TreeHeadVerifier treeHeads() {
        return heads;
    }
}
