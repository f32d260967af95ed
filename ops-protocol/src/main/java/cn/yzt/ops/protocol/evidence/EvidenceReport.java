package cn.yzt.ops.protocol.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.operation.VerifiedOperation;

/**
 * Outcome of {@link EvidenceVerifier}: either every check passed (entry, receipt and, for
 * operations and approvals, the verified signature), or the first problem with a detail code.
 */
public final class EvidenceReport {

    private final EvidenceProblem problem;
    private final String detail;
    private final LedgerEntry entry;
    private final Receipt receipt;
    private final VerifiedOperation operation;
    private final List<VerifiedOperation> related;

    private EvidenceReport(EvidenceProblem problem, String detail, LedgerEntry entry, Receipt receipt,
            VerifiedOperation operation, List<VerifiedOperation> related) {
        this.problem = problem;
        this.detail = detail;
        this.entry = entry;
        this.receipt = receipt;
        this.operation = operation;
        this.related = related;
    }

    static EvidenceReport verified(LedgerEntry entry, Receipt receipt, VerifiedOperation operation,
            List<VerifiedOperation> related) {
        return new EvidenceReport(null, "", Objects.requireNonNull(entry), Objects.requireNonNull(receipt), operation,
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(related)));
    }

    static EvidenceReport failed(EvidenceProblem problem, String detail) {
        return new EvidenceReport(Objects.requireNonNull(problem), detail == null ? "" : detail, null, null, null, List.of());
    }

    /** The verified documents of the related entries (null for entries without CMS), in bundle order. */
    public List<VerifiedOperation> related() {
        return related;
    }

    public boolean isVerified() {
        return problem == null;
    }

    public Optional<EvidenceProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** A LedgerProblem / RejectionReason name, or the malformed member, for a failure. */
    public String detail() {
        return detail;
    }

    public Optional<LedgerEntry> entry() {
        return Optional.ofNullable(entry);
    }

    public Optional<Receipt> receipt() {
        return Optional.ofNullable(receipt);
    }

    /** The verified signed document, for entries of kind operation or approval. */
    public Optional<VerifiedOperation> operation() {
        return Optional.ofNullable(operation);
    }

    @Override
    public String toString() {
        return isVerified() ? "verified" : problem + " " + detail;
    }
}
