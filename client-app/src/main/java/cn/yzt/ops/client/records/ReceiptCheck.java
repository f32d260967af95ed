package cn.yzt.ops.client.records;

import cn.yzt.ops.client.api.LedgerCheck;
import cn.yzt.ops.client.api.Submitted;
import cn.yzt.ops.client.signing.StoredReceipt;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import cn.yzt.ops.protocol.operation.VerifiedOperation;
import java.util.Optional;

/**
 * The offline re-check of one stored receipt, with nothing but the configured ledger public key:
 * the entry's leaf hash, the inclusion proof into the signed root and the tree head's SM2
 * signature ({@link LedgerCheck#verifyReceipt}); then the CMS inside the entry must still verify
 * (signature only: certificate status is the evidence bundle's job, it carries the CRLs).
 * Without a configured key only the Merkle part can be checked, and the outcome says so.
 */
public final class ReceiptCheck {

    /** How a receipt fared. */
    public enum State { VERIFIED, VERIFIED_WITHOUT_KEY, FAILED, UNREADABLE }

    /**
     * @param problem   a LedgerProblem or RejectionReason name when FAILED, else ""
     * @param signed    the signed document found in the entry (for details), may be null
     */
    public record Outcome(State state, String problem, VerifiedOperation signed) {
    }

    private static final OperationVerifier SIGNATURE = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();

    private final LedgerCheck ledger;

    public ReceiptCheck(LedgerCheck ledger) {
        this.ledger = ledger;
    }

    public boolean hasLedgerKey() {
        return ledger.ledgerKey().isPresent();
    }

    /** Never throws for a bad receipt. */
    public Outcome check(StoredReceipt r) {
        Optional<LedgerProblem> p;
        try {
            p = ledger.verifyReceipt(new Submitted(r.receipt(), r.entry()));
        } catch (RuntimeException e) {
            return new Outcome(State.FAILED, LedgerProblem.PROOF_MISMATCH.name(), null);
        }
        if (p.isPresent()) {
            return new Outcome(State.FAILED, p.get().name(), null);
        }
        VerifiedOperation signed = null;
        try {
            LedgerEntry entry = LedgerEntry.decode(r.entry());
            if (entry.kind().carriesCms()) {
                OperationVerification v = SIGNATURE.verify(entry.payload());
                if (!v.isAccepted()) {
                    return new Outcome(State.FAILED, v.reason().map(Enum::name).orElse("SIGNATURE"), null);
                }
                signed = v.operation();
            }
        } catch (RuntimeException e) {
            return new Outcome(State.FAILED, "ENTRY_MALFORMED", null);
        }
        return new Outcome(hasLedgerKey() ? State.VERIFIED : State.VERIFIED_WITHOUT_KEY, "", signed);
    }
}
