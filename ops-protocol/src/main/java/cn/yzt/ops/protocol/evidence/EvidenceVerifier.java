package cn.yzt.ops.protocol.evidence;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.DualControl;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.RejectionReason;
import cn.yzt.ops.protocol.operation.VerifiedOperation;

/**
 * Re-checks an {@link EvidenceBundle} with nothing but trust anchors and the ledger public key:
 * the tree head is signed by the ledger key, the entry is in that tree (inclusion proof), and for
 * operations and approvals the CMS verifies, its signer chains to an anchor and was not revoked
 * at the server's receive time according to the bundled CRLs. Related entries are checked the
 * same way, and every approval in the bundle must name an operation of the bundle by its leaf
 * hash and pass the four-eyes rule ({@link DualControl}). Immutable and thread-safe.
 */
public final class EvidenceVerifier {

    private final Set<X509Certificate> anchors;
    private final ReceiptVerifier receipts;

    public EvidenceVerifier(Set<X509Certificate> trustAnchors, PublicKey ledgerKey) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        this.anchors = Set.copyOf(trustAnchors);
        this.receipts = new ReceiptVerifier(ledgerKey);
    }

    /** One verified ledger entry: the entry, its receipt and (for CMS kinds) the verified document. */
    private record Checked(LedgerEntry entry, Receipt receipt, VerifiedOperation operation) {
    }

    /** Internal control flow: the first failure. */
    private static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient EvidenceProblem problem;

        Failed(EvidenceProblem problem, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
        }
    }

    /** Never throws for bad input. */
    public EvidenceReport verify(byte[] bundleBytes) {
        EvidenceBundle bundle;
        List<X509Certificate> chain = new ArrayList<>();
        List<X509CRL> crls = new ArrayList<>();
        try {
            bundle = EvidenceBundle.decode(bundleBytes);
            for (byte[] c : bundle.certificates()) {
                chain.add(Certificates.certificate(c));
            }
            for (byte[] c : bundle.crls()) {
                crls.add(Certificates.crl(c));
            }
        } catch (JsonFormatException ex) {
            return EvidenceReport.failed(EvidenceProblem.BUNDLE_MALFORMED, ex.member().isEmpty() ? ex.getMessage() : ex.member());
        } catch (GeneralSecurityException | RuntimeException ex) {
            return EvidenceReport.failed(EvidenceProblem.BUNDLE_MALFORMED, "certificates/crls");
        }
        try {
            Checked main = check(bundle.entry(), bundle.receipt(), chain, crls);
            List<Checked> related = new ArrayList<>();
            for (EvidenceBundle.Related r : bundle.related()) {
                related.add(check(r.entry(), r.receipt(), chain, crls));
            }
            List<Checked> all = new ArrayList<>(related);
            all.add(0, main);
            checkApprovals(all);
            List<VerifiedOperation> relatedOps = new ArrayList<>();
            related.forEach(c -> relatedOps.add(c.operation()));
            return EvidenceReport.verified(main.entry(), main.receipt(), main.operation(), relatedOps);
        } catch (Failed f) {
            return EvidenceReport.failed(f.problem, f.getMessage());
        }
    }

    private Checked check(byte[] entryBytes, Receipt receipt, List<X509Certificate> chain, List<X509CRL> crls)
            throws Failed {
        Optional<LedgerProblem> ledger = receipts.verify(receipt, entryBytes);
        if (ledger.isPresent()) {
            throw new Failed(EvidenceProblem.LEDGER, ledger.get().name());
        }
        LedgerEntry entry;
        try {
            entry = LedgerEntry.decode(entryBytes);
        } catch (JsonFormatException ex) {
            throw new Failed(EvidenceProblem.ENTRY_MALFORMED, ex.getMessage());
        }
        if (!entry.kind().carriesCms()) {
            return new Checked(entry, receipt, null);
        }
        OperationVerifier verifier = OperationVerifier.builder()
                .certificateValidator(new OfflineCertificateValidator(anchors, chain, crls, entry.receivedAt()))
                .build();
        OperationVerification v = verifier.verify(entry.payload());
        if (!v.isAccepted()) {
            throw new Failed(EvidenceProblem.SIGNATURE, v.reason().orElseThrow().name());
        }
        VerifiedOperation op = v.operation();
        boolean kindMatches = entry.kind() == EntryKind.OPERATION ? op.document() instanceof OperationDocument
                : op.document() instanceof ApprovalDocument;
        if (!kindMatches) {
            throw new Failed(EvidenceProblem.KIND_MISMATCH, entry.kind().wire());
        }
        return new Checked(entry, receipt, op);
    }

    /** Every approval must name an operation of the bundle and satisfy the four-eyes rule against it. */
    private static void checkApprovals(List<Checked> all) throws Failed {
        for (Checked a : all) {
            if (a.operation() == null || !(a.operation().document() instanceof ApprovalDocument approval)) {
                continue;
            }
            Checked request = null;
            for (Checked c : all) {
                if (c.operation() != null && c.operation().document() instanceof OperationDocument
                        && approval.names(c.receipt().leafHash())) {
                    request = c;
                }
            }
            if (request == null) {
                throw new Failed(EvidenceProblem.DUAL_CONTROL, RejectionReason.APPROVAL_WRONG_REQUEST.name());
            }
            Optional<RejectionReason> r = DualControl.check(request.operation(), request.receipt().leafHash(), a.operation());
            if (r.isPresent()) {
                throw new Failed(EvidenceProblem.DUAL_CONTROL, r.get().name());
            }
        }
    }
}
