package cn.yzt.ops.server.ledger;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.evidence.EvidenceBundle;
import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;

/**
 * Builds the evidence bundle of one ledger entry (ops-protocol {@link EvidenceBundle}): the entry,
 * a receipt against the latest signed tree head, the signer's intermediate CA certificates and
 * the CRLs the server checks them with (only what the verifier uses, so no byte is unchecked), and for dual control the related request or approval with its own receipt. Who
 * may export: the entry's own operator (the signer of an operation or approval, the person of a
 * login, the actor of an admin event) or a holder of AUDIT_EXPORT. Every export is audited.
 */
public final class EvidenceExporter {

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    /** Reads the documents stored in the ledger (fully verified when they were accepted). */
    private static final OperationVerifier STORED = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();

    private final DataSource ds;
    private final LedgerService ledger;
    private final Rbac rbac;
    private final AuditLog audit;

    public EvidenceExporter(LedgerService ledger, Rbac rbac, AuditLog audit) {
        this.ds = ledger.dataSource();
        this.ledger = ledger;
        this.rbac = rbac;
        this.audit = audit;
    }

    /**
     * The canonical bundle bytes of entry {@code index}; NoSuchElementException when there is no
     * such entry, AccessDeniedException (audited) when the user may not export it.
     */
    public byte[] export(long userId, String username, long index, TrustMaterial trust) {
        byte[] entryBytes = ledger.entry(index).orElseThrow(() -> new NoSuchElementException("ledger entry"));
        LedgerEntry entry = LedgerEntry.decode(entryBytes);
        if (!username.equals(subject(entry)) && !rbac.has(userId, Permission.AUDIT_EXPORT)) {
            audit.record(AuditEvent.failure("LEDGER_EVIDENCE_EXPORT", username, userId, "PERMISSION_DENIED",
                    "index " + index));
            throw new AccessDeniedException(Permission.AUDIT_EXPORT);
        }
        return build(userId, username, index, entryBytes, entry, trust);
    }

    /**
     * For the local CLI ({@code ops-server ledger evidence}): whoever holds the key file passphrase
     * on the server host already reads the whole database; audited as {@code actor}.
     */
    public byte[] exportLocal(String actor, long index, TrustMaterial trust) {
        byte[] entryBytes = ledger.entry(index).orElseThrow(() -> new NoSuchElementException("ledger entry"));
        return build(null, actor, index, entryBytes, LedgerEntry.decode(entryBytes), trust);
    }

    private byte[] build(Long userId, String username, long index, byte[] entryBytes, LedgerEntry entry, TrustMaterial trust) {
        SignedTreeHead sth = ledger.latestTreeHead().orElseThrow(() -> new NoSuchElementException("tree head"));
        EvidenceBundle.Builder b = EvidenceBundle.builder().entry(entryBytes).receipt(ledger.receipt(index, sth));
        Set<X509Certificate> cas = new LinkedHashSet<>();
        Set<X509CRL> crls = new LinkedHashSet<>();
        addSignerPath(entry, trust, cas, crls);
        for (long r : related(index, entry)) {
            byte[] rel = ledger.entry(r).orElseThrow();
            b.addRelated(rel, ledger.receipt(r, sth));
            addSignerPath(LedgerEntry.decode(rel), trust, cas, crls);
        }
        cas.forEach(b::addCertificate);
        crls.forEach(b::addCrl);
        byte[] out = b.build().encode();
        audit.record(AuditEvent.success("LEDGER_EVIDENCE_EXPORT", username, userId,
                "index " + index + " (" + entry.kind().wire() + "), tree size " + sth.treeHead().treeSize()));
        return out;
    }

    /** Who the entry is about: the signer's operator name, the login's user, the admin event's actor. */
    static String subject(LedgerEntry entry) {
        try {
            if (entry.kind().carriesCms()) {
                return document(entry.payload()).map(SignedDocument::operator).orElse(null);
            }
            var o = LedgerPayloads.parse(entry.payload());
            return entry.kind() == EntryKind.LOGIN ? o.path("username").asText(null) : o.path("actor").asText(null);
        } catch (RuntimeException ex) {
            return null; // an unreadable entry belongs to nobody: only AUDIT_EXPORT holders get it
        }
    }

    private static Optional<SignedDocument> document(byte[] cms) {
        OperationVerification v = STORED.verify(cms);
        return v.isAccepted() ? Optional.of(v.operation().document()) : Optional.empty();
    }

    /** Dual control: the request an approval decided, or the approval that decided a request. */
    private List<Long> related(long index, LedgerEntry entry) {
        List<Long> out = new ArrayList<>();
        if (entry.kind() == EntryKind.APPROVAL) {
            Optional<SignedDocument> d = document(entry.payload());
            if (d.isPresent() && d.get() instanceof ApprovalDocument ap) {
                Tx.run(ds, c -> {
                    try (PreparedStatement ps = c.prepareStatement("SELECT ledger_idx FROM op_requests WHERE leaf_hash = ?")) {
                        ps.setBytes(1, ap.requestLeafHash());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                out.add(rs.getLong(1));
                            }
                        }
                    }
                    return null;
                });
            }
        } else if (entry.kind() == EntryKind.OPERATION && !entry.accepted()) {
            byte[] leaf = entry.leafHash();
            Tx.run(ds, c -> {
                // approvals come after their request; at most one decision exists per request
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT idx, entry FROM ledger_entries WHERE kind = 'approval' AND idx > ? ORDER BY idx")) {
                    ps.setFetchSize(100);
                    ps.setLong(1, index);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && out.isEmpty()) {
                            Optional<SignedDocument> d = document(LedgerEntry.decode(rs.getBytes(2)).payload());
                            if (d.isPresent() && d.get() instanceof ApprovalDocument ap && ap.names(leaf)) {
                                out.add(rs.getLong(1));
                            }
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    /**
     * What the offline verifier needs for the signer of a signed entry, and nothing else (every
     * byte of a bundle is then checked by something): the intermediate CAs from the signer up to a
     * trust anchor (the anchor itself is the verifier's own) and, for each certificate on that path,
     * its issuer's newest CRL, the one the server checks with.
     */
    private static void addSignerPath(LedgerEntry entry, TrustMaterial trust, Set<X509Certificate> cas, Set<X509CRL> crls) {
        if (!entry.kind().carriesCms()) {
            return; // a login carries its certificate in the payload; an admin event has no signer
        }
        OperationVerification v = STORED.verify(entry.payload());
        if (!v.isAccepted()) {
            return;
        }
        X509Certificate current = v.operation().signer();
        for (int depth = 0; depth < 6; depth++) {
            newestCrl(trust, current).ifPresent(crls::add);
            if (issuer(current, trust.anchors()).isPresent()) {
                return;
            }
            Optional<X509Certificate> next = issuer(current, trust.intermediates());
            if (next.isEmpty() || !cas.add(next.get())) {
                return;
            }
            current = next.get();
        }
    }

    private static Optional<X509Certificate> issuer(X509Certificate cert, List<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(c.getPublicKey(), BC);
                    return Optional.of(c);
                } catch (java.security.GeneralSecurityException | RuntimeException ex) {
                    // same name, other key: keep looking
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<X509CRL> newestCrl(TrustMaterial trust, X509Certificate cert) {
        X509CRL best = null;
        for (X509CRL c : trust.crls()) {
            if (c.getIssuerX500Principal().equals(cert.getIssuerX500Principal())
                    && (best == null || c.getThisUpdate().after(best.getThisUpdate()))) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }
}
