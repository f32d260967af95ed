package cn.yzt.ops.protocol.ledger;

/** Why a tree head, receipt or proof did not verify. Stable names (logged, shown by ops-verify). */
public enum LedgerProblem {
    /** Signed by another key than the ledger key given (key id differs). */
    TREE_HEAD_WRONG_KEY,
    /** The SM2 signature over the tree head does not verify. */
    TREE_HEAD_SIGNATURE,
    /** The proof is for another tree size or index than the tree head/receipt says (or the tree is shorter than the head). */
    PROOF_MISMATCH,
    /** The leaf hash is not SM3(0x00 || entry). */
    LEAF_HASH_MISMATCH,
    /** The inclusion proof does not lead to the signed root. */
    INCLUSION_FAILED,
    /** The newer tree head is smaller than the older one. */
    TREE_SHRANK,
    /** The consistency proof fails: history was rewritten (or the proof is wrong). */
    CONSISTENCY_FAILED,
    /** Replayed entries do not produce the signed root: an entry was changed, added or removed. */
    ROOT_MISMATCH
}
