package cn.yzt.ops.protocol.evidence;

/** Which part of an evidence bundle failed; the detail code says precisely how. */
public enum EvidenceProblem {
    /** Not a well-formed bundle (detail: the member). */
    BUNDLE_MALFORMED,
    /** Receipt, tree head or inclusion proof does not verify (detail: a LedgerProblem name). */
    LEDGER,
    /** The entry bytes are not a well-formed ledger entry. */
    ENTRY_MALFORMED,
    /** The signed operation or approval does not verify (detail: a RejectionReason name). */
    SIGNATURE,
    /** The entry's kind does not match the signed document's purpose. */
    KIND_MISMATCH,
    /** An approval in the bundle names no operation of the bundle, or breaks the four-eyes rule (detail: a RejectionReason name). */
    DUAL_CONTROL
}
