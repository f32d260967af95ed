package cn.yzt.ops.server.ops;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.NoSuchElementException;

import javax.sql.DataSource;


import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.DualControl;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.VerifiedOperation;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.ledger.LedgerService;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.user.CertificateBindings;
import cn.yzt.ops.server.user.UserService;

/**
 * Signed privileged operations (issue 4): single-use nonces, full verification of the CMS and its
 * signer, then one transaction that executes the operation through the existing services and
 * appends the ledger entry; the answer is the receipt. Every refusal is audited with its reason
 * and executes nothing.
 */
public final class OperationService {

    /** A nonce handed to a session, to be put in the next operation document it signs. */
    public record Nonce(byte[] value, Instant expiresAt) {
    }

    private final DataSource ds;
    private final UserService users;
    private final Rbac rbac;
    private final CertificateBindings certificates;
    private final AuditLog audit;
    private final LedgerService ledger;
    private final OperationVerifier verifier;
    /** Re-reads a request stored in the ledger (fully verified when it was submitted). */
    private final OperationVerifier storedVerifier = OperationVerifier.builder()
            .certificateValidator(SignerCertificateValidator.signatureOnly()).build();
    private final Duration requestTtl = Duration.ofHours(24);
    private final Duration nonceTtl;
    private final Clock clock;
    private final OperationCatalog catalog;

    public OperationService(DataSource ds, UserService users, Rbac rbac, CertificateBindings certificates, AuditLog audit,
            LedgerService ledger, CertificateChecker checker, String serverId, Duration nonceTtl, Duration maxSkew,
            Clock clock) {
        this.ds = ds;
        this.users = users;
        this.rbac = rbac;
        this.certificates = certificates;
        this.audit = audit;
        this.ledger = ledger;
        this.nonceTtl = nonceTtl;
        this.clock = clock;
        this.verifier = OperationVerifier.builder().certificateValidator(new CheckerValidator(checker))
                .expectedServerId(serverId).maxClockSkew(maxSkew, clock).build();
        this.catalog = new OperationCatalog(users, rbac);
    }

    /** The operation types this server executes. */
    public java.util.Set<String> types() {
        return catalog.types();
    }

    /** A fresh single-use nonce for the session's user. */
    public Nonce issueNonce(Session s) {
        byte[] nonce = Bytes.random(32);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expires = now.plus(nonceTtl);
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM op_nonces WHERE expires_at < ?")) {
                ps.setObject(1, utc(now.minus(Duration.ofMinutes(10))));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO op_nonces (nonce, user_id, session_id, issued_at, expires_at) VALUES (?,?,?,?,?)")) {
                ps.setBytes(1, nonce);
                ps.setLong(2, s.userId());
                ps.setString(3, s.id());
                ps.setObject(4, utc(now));
                ps.setObject(5, utc(expires));
                ps.executeUpdate();
            }
            return null;
        });
        return new Nonce(nonce, expires);
    }

    /**
     * Verifies and executes one signed operation for the session whose TLCP client certificate is
     * {@code tlcpCert}; returns the receipt of its ledger entry. {@link OperationRefusedException}
     * (audited, nothing executed) for every refusal.
     */
    public Receipt submit(Session s, X509Certificate tlcpCert, byte[] cms) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OperationDocument doc = null;
        try {
            VerifiedOperation op = authenticate(s, tlcpCert, cms, false);
            OperationDocument d = (OperationDocument) op.document();
            doc = d;
            OperationCatalog.OpType type = catalog.find(d.type())
                    .orElseThrow(() -> new OperationRefusedException("UNKNOWN_OPERATION_TYPE", d.type()));
            if (!rbac.has(s.userId(), type.permission())) {
                throw new OperationRefusedException("PERMISSION_DENIED", type.permission().name());
            }
            if (dualControl(d.type())) {
                LedgerEntry pending = new LedgerEntry(EntryKind.OPERATION, cms, PENDING, received);
                Receipt receipt = ledger.commit(pending, (c, r) -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO op_requests (leaf_hash, ledger_idx, "
                            + "requester_id, type, status, created_at, expires_at) VALUES (?,?,?,?,'pending',?,?)")) {
                        ps.setBytes(1, r.leafHash());
                        ps.setLong(2, r.leafIndex());
                        ps.setLong(3, s.userId());
                        ps.setString(4, d.type());
                        ps.setObject(5, utc(received));
                        ps.setObject(6, utc(received.plus(requestTtl)));
                        ps.executeUpdate();
                    }
                    return null;
                }).receipt();
                audit.record(AuditEvent.success("OPERATION_REQUEST", s.username(), s.userId(),
                        d.type() + " " + d.parametersJson() + " pending, ledger " + receipt.leafIndex()));
                return receipt;
            }
            LedgerEntry entry = new LedgerEntry(EntryKind.OPERATION, cms, LedgerEntry.ACCEPTED, received);
            Receipt receipt = ledger.commit(entry, (c, r) -> type.executor().run(s.userId(), d.parameters()))
                    .receipt();
            audit.record(AuditEvent.success("OPERATION", s.username(), s.userId(),
                    d.type() + " " + d.parametersJson() + " ledger " + receipt.leafIndex()));
            return receipt;
        } catch (OperationRefusedException ex) {
            refuse(s, doc, ex.reason(), ex.getMessage());
            throw ex;
        } catch (AccessDeniedException ex) {
            throw refused(s, doc, "PERMISSION_DENIED", ex.getMessage());
        } catch (SodViolationException ex) {
            throw refused(s, doc, "SOD_CONFLICT", ex.getMessage());
        } catch (NoSuchElementException | IllegalArgumentException ex) {
            throw refused(s, doc, "INVALID_PARAMETERS", ex.getMessage());
        }
    }

    /** Result code of a ledger entry for a request waiting for its second person. */
    public static final String PENDING = "pending";

    /**
     * The checks every signed document passes: CMS and certificate (verifier), purpose, nonce
     * consumed, operator = session user, signer = TLCP client certificate, signer bound to the user.
     */
    private VerifiedOperation authenticate(Session s, X509Certificate tlcpCert, byte[] cms, boolean approval) {
        OperationVerification v = verifier.verify(cms);
        if (!v.isAccepted()) {
            throw new OperationRefusedException(v.reason().map(Enum::name).orElse("REJECTED"), v.detail());
        }
        VerifiedOperation op = v.operation();
        boolean isApproval = op.document() instanceof ApprovalDocument;
        if (isApproval != approval || !(isApproval || op.document() instanceof OperationDocument)) {
            throw new OperationRefusedException("WRONG_PURPOSE", op.document().purpose());
        }
        consumeNonce(s, op.document().nonce());
        if (!op.document().operator().equals(s.username())) {
            throw new OperationRefusedException("OPERATOR_NOT_SESSION_USER", "operator " + op.document().operator());
        }
        if (tlcpCert == null || !sameCert(op.signer(), tlcpCert)) {
            throw new OperationRefusedException("SIGNER_NOT_TLCP_CLIENT_CERT", null);
        }
        if (!certificates.isBound(s.userId(), op.signer())) {
            throw new OperationRefusedException("CERT_NOT_BOUND", "signer certificate not bound to " + s.username());
        }
        return op;
    }

    private boolean dualControl(String type) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT dual_control FROM op_policy WHERE type = ?")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /** A request waiting for a second person. */
    public record PendingRequest(byte[] leafHash, long ledgerIndex, long requesterId, String type, Instant createdAt,
            Instant expiresAt) {
    }

    /** Pending, unexpired requests (for approvers). */
    public java.util.List<PendingRequest> pending(long actorId) {
        rbac.require(actorId, Permission.OPERATION_APPROVE);
        return Tx.run(ds, c -> {
            java.util.List<PendingRequest> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT leaf_hash, ledger_idx, requester_id, type, created_at, "
                    + "expires_at FROM op_requests WHERE status = 'pending' AND expires_at > ? ORDER BY created_at")) {
                ps.setObject(1, utc(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingRequest(rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return out;
        });
    }

    /**
     * A signed approval (or rejection) of a pending request by another person holding
     * OPERATION_APPROVE. On approval the request executes (as its requester) and the approval is
     * appended, in one transaction; the receipt is the approval's.
     */
    public Receipt decide(Session s, X509Certificate tlcpCert, byte[] cms) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OperationDocument doc = null;
        try {
            VerifiedOperation approval = authenticate(s, tlcpCert, cms, true);
            ApprovalDocument ap = (ApprovalDocument) approval.document();
            if (!rbac.has(s.userId(), Permission.OPERATION_APPROVE)) {
                throw new OperationRefusedException("PERMISSION_DENIED", Permission.OPERATION_APPROVE.name());
            }
            Object[] req = Tx.run(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT r.requester_id, r.status, r.expires_at, e.entry "
                        + "FROM op_requests r JOIN ledger_entries e ON e.idx = r.ledger_idx WHERE r.leaf_hash = ?")) {
                    ps.setBytes(1, ap.requestLeafHash());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? new Object[] {rs.getLong(1), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBytes(4)} : null;
                    }
                }
            });
            if (req == null) {
                throw new OperationRefusedException("APPROVAL_WRONG_REQUEST", "no such request");
            }
            if (!"pending".equals(req[1])) {
                throw new OperationRefusedException("REQUEST_NOT_PENDING", (String) req[1]);
            }
            if (received.isAfter((Instant) req[2])) {
                throw new OperationRefusedException("REQUEST_EXPIRED", null);
            }
            long requesterId = (Long) req[0];
            LedgerEntry requestEntry = LedgerEntry.decode((byte[]) req[3]);
            OperationVerification rv = storedVerifier.verify(requestEntry.payload());
            if (!rv.isAccepted()) {
                throw new OperationRefusedException("REQUEST_UNREADABLE", rv.detail());
            }
            VerifiedOperation request = rv.operation();
            OperationDocument d = (OperationDocument) request.document();
            doc = d;
            java.util.Optional<cn.yzt.ops.protocol.operation.RejectionReason> dc =
                    DualControl.check(request, requestEntry.leafHash(), approval);
            if (dc.isPresent()) {
                throw new OperationRefusedException(dc.get().name(), null);
            }
            if (requesterId == s.userId()) {
                throw new OperationRefusedException("APPROVAL_BY_REQUESTER", null);
            }
            boolean approve = ap.decision() == ApprovalDocument.Decision.APPROVE;
            OperationCatalog.OpType type = catalog.find(d.type())
                    .orElseThrow(() -> new OperationRefusedException("UNKNOWN_OPERATION_TYPE", d.type()));
            LedgerEntry entry = new LedgerEntry(EntryKind.APPROVAL, cms, LedgerEntry.ACCEPTED, received);
            Receipt receipt = ledger.commit(entry, (c, r) -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE op_requests SET status = ?, decided_by = ?, "
                        + "decided_at = ? WHERE leaf_hash = ? AND status = 'pending'")) {
                    ps.setString(1, approve ? "approved" : "rejected");
                    ps.setLong(2, s.userId());
                    ps.setObject(3, utc(received));
                    ps.setBytes(4, ap.requestLeafHash());
                    if (ps.executeUpdate() != 1) {
                        throw new OperationRefusedException("REQUEST_NOT_PENDING", "decided concurrently");
                    }
                }
                return approve ? type.executor().run(requesterId, d.parameters()) : null;
            }).receipt();
            audit.record(AuditEvent.success("OPERATION_APPROVAL", s.username(), s.userId(), ap.decision() + " "
                    + d.type() + " " + d.parametersJson() + " request " + HexFormat.of().formatHex(ap.requestLeafHash())
                    + " ledger " + receipt.leafIndex()));
            return receipt;
        } catch (OperationRefusedException ex) {
            refuse(s, doc, ex.reason(), ex.getMessage());
            throw ex;
        } catch (AccessDeniedException ex) {
            throw refused(s, doc, "PERMISSION_DENIED", ex.getMessage());
        } catch (SodViolationException ex) {
            throw refused(s, doc, "SOD_CONFLICT", ex.getMessage());
        } catch (NoSuchElementException | IllegalArgumentException ex) {
            throw refused(s, doc, "INVALID_PARAMETERS", ex.getMessage());
        }
    }

    private OperationRefusedException refused(Session s, OperationDocument doc, String reason, String detail) {
        refuse(s, doc, reason, detail);
        return new OperationRefusedException(reason, detail);
    }

    private void refuse(Session s, OperationDocument doc, String reason, String detail) {
        String what = doc == null ? "" : doc.type() + " ";
        audit.record(AuditEvent.failure("OPERATION", s.username(), s.userId(), reason,
                what + (detail == null ? "" : detail)));
    }

    /** Atomically deletes the nonce if it is this user's and unexpired: a nonce is spent even if what follows fails. */
    private void consumeNonce(Session s, byte[] nonce) {
        Instant expires = Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM op_nonces WHERE nonce = ? AND user_id = ? RETURNING expires_at")) {
                ps.setBytes(1, nonce);
                ps.setLong(2, s.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
                }
            }
        });
        if (expires == null) {
            throw new OperationRefusedException("NONCE_UNKNOWN_OR_USED", null);
        }
        if (clock.instant().isAfter(expires)) {
            throw new OperationRefusedException("NONCE_EXPIRED", null);
        }
    }

    private static boolean sameCert(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException ex) {
            return false;
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
