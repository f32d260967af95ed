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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.DualControl;
import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.protocol.operation.SignerCertificateValidator;
import cn.yzt.ops.protocol.operation.OperationVerification;
import cn.yzt.ops.protocol.operation.OperationVerifier;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.protocol.operation.VerifiedOperation;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Reads;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.ledger.LedgerService;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.user.CertificateBindings;
import cn.yzt.ops.server.user.InvalidInputException;
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

    /** What a signed operation produced: its receipt, the result for the signer (may be null), and whether it waits. */
    public record Outcome(Receipt receipt, JsonNode result, boolean pending) {
    }

    /**
     * Verifying a signed operation and its checks (one short read) are CPU-bound: more of them at
     * once than there are cores only slows the ledger writer, whose serial round trips then wait for
     * a core (LedgerBenchmark, 2 cores: 886 -> 1,151 ops/s; bounding the verification alone: ~950).
     */
    private static final java.util.concurrent.Semaphore CPU_BOUND =
            new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final DataSource ds;
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
    private final OperationCatalog.Deps deps;
    private volatile OperationCatalog catalog;
    /** Seals an approved request's result for its requester; null = results of approved requests are not kept. */
    private final FieldProtector results;
    /** Openings of personal-data commitments, kept sealed outside the ledger. */
    private final PersonalOpenings personal;

    /** Users, roles and certificates only (types needing other services are refused as unavailable). */
    public OperationService(DataSource ds, UserService users, Rbac rbac, CertificateBindings certificates, AuditLog audit,
            LedgerService ledger, CertificateChecker checker, String serverId, Duration nonceTtl, Duration maxSkew,
            Clock clock) {
        this(new OperationCatalog.Deps(ds, users, rbac, certificates, null, null, null, null), null, audit, ledger, checker,
                serverId, nonceTtl, maxSkew, clock);
    }

    /** Every operation type; VAULT seals the results of approved requests for their requesters. */
    public OperationService(OperationCatalog.Deps deps, KeyVault vault, AuditLog audit, LedgerService ledger,
            CertificateChecker checker, String serverId, Duration nonceTtl, Duration maxSkew, Clock clock) {
        this.ds = deps.ds();
        this.rbac = deps.rbac();
        this.certificates = deps.certificates();
        this.audit = audit;
        this.ledger = ledger;
        this.nonceTtl = nonceTtl;
        this.clock = clock;
        this.verifier = OperationVerifier.builder().certificateValidator(new CheckerValidator(checker))
                .expectedServerId(serverId).maxClockSkew(maxSkew, clock).build();
        this.deps = deps;
        this.catalog = new OperationCatalog(deps);
        this.results = vault == null ? null : new FieldProtector(vault);
        this.personal = new PersonalOpenings(deps.ds(), results);
    }

    /** Installs what key.rotate uses (the serve command's sealed key file, a test vault). */
    public void keyRotator(KeyRotator keys) {
        this.catalog = new OperationCatalog(new OperationCatalog.Deps(deps.ds(), deps.users(), deps.rbac(),
                deps.certificates(), deps.sessions(), deps.auditQuery(), deps.maps(), keys));
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
        return perform(s, tlcpCert, cms).receipt();
    }

    /**
     * {@link #submit} with the result for the signer: e.g. a new account's id and one-time password.
     * The result is never ledgered or audited. A dual-control type answers the pending request's
     * receipt (pending = true, no result).
     */
    public Outcome perform(Session s, X509Certificate tlcpCert, byte[] cms) {
        return perform(s, tlcpCert, cms, java.util.Map.of());
    }

    /**
     * As above, with the OPENINGS of the document's personal-data commitments (field name to salt and
     * value): each must verify, none may be extra (else PERSONAL_DATA_MISMATCH); the executor gets the
     * opened values and the openings are kept sealed outside the ledger, in the entry's ledger unit.
     */
    public Outcome perform(Session s, X509Certificate tlcpCert, byte[] cms,
            java.util.Map<String, PersonalData.Opening> openings) {
        Instant received = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OperationDocument doc = null;
        byte[][] nonce = {null};
        try {
            // verification and checks are CPU-bound: at most one per core at a time (CPU_BOUND)
            VerifiedOperation op;
            OperationDocument[] docs = {null};
            ObjectNode[] plain = {null};
            boolean dual;
            CPU_BOUND.acquireUninterruptibly();
            try {
                op = verified(cms, false);
                // what the checks need from the database (the user's certificate bindings and permissions,
                // the dual-control policy, the target user's id) comes from the in-memory ACL cache or
                // else in ONE round trip; the nonce is spent (and an unknown, used or expired one refused)
                // in the ledger batch; a grant or revocation re-checks its permission in the ledger unit
                try {
                    OperationDocument d0 = (OperationDocument) op.document();
                    docs[0] = d0;
                    nonce[0] = d0.nonce();
                    java.util.Optional<OperationCatalog.OpType> t0 = catalog.find(d0.type());
                    java.util.List<String> policy = t0.isPresent() ? policyKeysIfValid(d0) : null;
                    String target = t0.isPresent() && OperationCatalog.actsOnExistingUser(d0.type())
                            && d0.parameters().path("username").isTextual() ? d0.parameters().get("username").textValue() : null;
                    Prechecks pre = prechecks(s.userId(), policy, target);
                    sessionChecks(s, tlcpCert, op, pre.bindings());
                    OperationCatalog.OpType t = t0.orElseThrow(() -> new OperationRefusedException("UNKNOWN_OPERATION_TYPE", d0.type()));
                    ObjectNode p0 = validated(d0);
                    plain[0] = personal.opened(d0, openings);
                    for (Permission p : t.permissions(p0)) {
                        if (!pre.permissions().contains(p)) {
                            throw new OperationRefusedException("PERMISSION_DENIED", p.name());
                        }
                    }
                    if (t.precheck() != null) {
                        t.precheck().accept(p0);
                    }
                    dual = t.alwaysDual() || (policy != null ? pre.dual()
                            : dualControl(OperationTypes.policyKeys(d0.type(), p0)));
                    if (pre.targetId() != null) {
                        plain[0].put(OperationCatalog.RESOLVED_USER_ID, pre.targetId());
                    }
                } finally {
                    doc = docs[0];
                }
            } finally {
                CPU_BOUND.release();
            }
            OperationDocument d = (OperationDocument) op.document();
            OperationCatalog.OpType type = catalog.find(d.type()).orElseThrow();
            if (dual) {
                LedgerEntry pending = new LedgerEntry(EntryKind.OPERATION, cms, PENDING, received);
                Receipt receipt = ledger.commit(pending, nonceClaim(s, nonce[0]), (c, r) -> {
                    personal.store(c, r.leafIndex(), openings);
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
                    audit.append(c, AuditEvent.success("OPERATION_REQUEST", s.username(), s.userId(),
                            d.type() + " " + auditParameters(d) + " pending, ledger " + r.leafIndex()));
                    return null;
                }).receipt();
                return new Outcome(receipt, null, true);
            }
            // nonce, execution, entry and the OPERATION audit record commit in one batch unit
            LedgerService.Committed<JsonNode> done = execute(type, s.userId(), plain[0], EntryKind.OPERATION, cms, received,
                    nonceClaim(s, nonce[0]), (c, r, result) -> {
                        personal.store(c, r.leafIndex(), openings);
                        audit.append(c, AuditEvent.success("OPERATION", s.username(), s.userId(),
                                d.type() + " " + auditParameters(d) + " ledger " + r.leafIndex()));
                    });
            return new Outcome(done.receipt(), done.result(), false);
        } catch (OperationRefusedException ex) {
            refuse(s, doc, ex.reason(), ex.getMessage(), nonce[0]);
            throw ex;
        } catch (RuntimeException ex) {
            throw mapped(s, doc, ex, nonce[0]);
        }
    }

    /** A session user's operation nonce, spent when the signed operation is committed. */
    private record SpentNonce(long userId, byte[] nonce) {
    }

    /**
     * Spends a batch's nonces in one statement, before its units run and outside them: a nonce is
     * spent even when its operation then fails (the batch commits), and nothing is spent if the
     * batch does not commit (nobody got a receipt; the signer may resubmit). A nonce already spent
     * (a concurrent replay that passed the pre-check), another user's or expired refuses its unit.
     */
    private final LedgerService.Claimer<SpentNonce> nonces = this::claimNonces;

    private Reads.Read<java.util.List<RuntimeException>> claimNonces(java.util.List<SpentNonce> tokens) {
        return Reads.of("DELETE FROM op_nonces n USING unnest(?::bytea[], ?::bigint[]) AS x(nonce, u)"
                + " WHERE n.nonce = x.nonce AND n.user_id = x.u RETURNING n.nonce, n.expires_at",
                (ps, first) -> {
                    byte[][] values = new byte[tokens.size()][];
                    Long[] users = new Long[tokens.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = tokens.get(i).nonce();
                        users[i] = tokens.get(i).userId();
                    }
                    ps.setArray(first, ps.getConnection().createArrayOf("bytea", values));
                    ps.setArray(first + 1, ps.getConnection().createArrayOf("bigint", users));
                    return first + 2;
                }, rs -> {
                    java.util.Map<String, Instant> spent = new java.util.HashMap<>();
                    while (rs.next()) {
                        spent.put(HexFormat.of().formatHex(rs.getBytes(1)), rs.getObject(2, OffsetDateTime.class).toInstant());
                    }
                    Instant now = clock.instant();
                    java.util.List<RuntimeException> out = new java.util.ArrayList<>(tokens.size());
                    for (SpentNonce t : tokens) {
                        // the same nonce twice in one batch: the first claims it
                        Instant expires = spent.remove(HexFormat.of().formatHex(t.nonce()));
                        out.add(expires == null ? new OperationRefusedException("NONCE_UNKNOWN_OR_USED", null)
                                : now.isAfter(expires) ? new OperationRefusedException("NONCE_EXPIRED", null) : null);
                    }
                    return out;
                });
    }

    private LedgerService.Claim<SpentNonce> nonceClaim(Session s, byte[] nonce) {
        return new LedgerService.Claim<>(nonces, new SpentNonce(s.userId(), nonce));
    }

    /**
     * The parameters as the audit log shows them: personal data masked (the audit log is searched and
     * exported; the signed original stays in the ledger) and certificates by fingerprint only.
     */
    static String auditParameters(OperationDocument d) {
        ObjectNode p = d.parameters();
        for (String personal : new String[] {"displayName", "idCard", "phone", "email"}) {
            if (p.has(personal)) {
                p.put(personal, "***");
            }
        }
        if (p.path("certificate").isTextual()) {
            byte[] der = java.util.Base64.getMimeDecoder().decode(p.get("certificate").textValue());
            p.put("certificate", "sm3:" + HexFormat.of().formatHex(cn.yzt.ops.protocol.crypto.Sm2.sm3(der)));
        }
        return new String(StrictJson.canonical(p), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The document's parameters if they follow the type's rules (OperationTypes), else INVALID_PARAMETERS. */
    private static ObjectNode validated(OperationDocument d) {
        ObjectNode params = d.parameters();
        try {
            OperationTypes.validate(d.type(), params);
        } catch (JsonFormatException ex) {
            throw new OperationRefusedException("INVALID_PARAMETERS", ex.getMessage());
        }
        return params;
    }

    /**
     * Runs TYPE as ACTOR and appends its ledger entry in one transaction ({@link LedgerService#commit}),
     * then the type's after-commit step. A digest-result type (a read: audit.export) runs first and
     * its result's SM3 goes into the entry's result code ("accepted.sm3-" + base64url), so the
     * ledger keeps what was handed out. {@code alsoInTx} runs in the same transaction with the result.
     */
    private LedgerService.Committed<JsonNode> execute(OperationCatalog.OpType type, long actor, ObjectNode params,
            EntryKind kind, byte[] cms, Instant received, ResultSink alsoInTx) {
        return execute(type, actor, params, kind, cms, received, null, (c, r, result) -> {
            if (alsoInTx != null) {
                alsoInTx.accept(c, result);
            }
        });
    }

    /** As above; {@code claim} (may be null) is spent first, {@code last} runs after the work with its result. */
    private LedgerService.Committed<JsonNode> execute(OperationCatalog.OpType type, long actor, ObjectNode params,
            EntryKind kind, byte[] cms, Instant received, LedgerService.Claim<?> claim, UnitEnd last) {
        JsonNode early = null;
        String code = LedgerEntry.ACCEPTED;
        if (type.digestResult()) {
            early = type.executor().run(actor, params);
            byte[] sm3 = java.util.HexFormat.of().parseHex(early.get("sm3").textValue());
            code = LedgerEntry.ACCEPTED + ".sm3-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sm3);
        }
        JsonNode pre = early;
        LedgerService.Committed<JsonNode> done = ledger.commit(new LedgerEntry(kind, cms, code, received), claim, (c, r) -> {
            JsonNode result = pre != null ? pre : type.executor().run(actor, params);
            last.accept(c, r, result);
            return result;
        });
        if (type.afterCommit() != null) {
            type.afterCommit().run();
        }
        return done;
    }

    @FunctionalInterface
    private interface ResultSink {
        void accept(java.sql.Connection c, JsonNode result) throws java.sql.SQLException;
    }

    @FunctionalInterface
    private interface UnitEnd {
        void accept(java.sql.Connection c, LedgerService.Appended entry, JsonNode result) throws java.sql.SQLException;
    }

    /** Maps a service exception to its audited refusal reason (anything else is a server error). */
    private RuntimeException mapped(Session s, OperationDocument doc, RuntimeException ex) {
        return mapped(s, doc, ex, null);
    }

    private RuntimeException mapped(Session s, OperationDocument doc, RuntimeException ex, byte[] nonce) {
        if (ex instanceof AccessDeniedException) {
            return refused(s, doc, "PERMISSION_DENIED", ex.getMessage(), nonce);
        }
        if (ex instanceof SodViolationException) {
            return refused(s, doc, "SOD_CONFLICT", ex.getMessage(), nonce);
        }
        if (ex instanceof InvalidInputException || ex instanceof NoSuchElementException
                || ex instanceof IllegalArgumentException) {
            return refused(s, doc, "INVALID_PARAMETERS", ex.getMessage(), nonce);
        }
        if (nonce != null) {
            // a server error before or in the batch: the nonce is spent all the same
            spendQuietly(s, nonce);
        }
        return ex;
    }

    /** Result code of a ledger entry for a request waiting for its second person. */
    public static final String PENDING = "pending";

    /**
     * The checks every signed document passes: CMS and certificate (verifier), purpose, nonce
     * consumed, operator = session user, signer = TLCP client certificate, signer bound to the user.
     */
    private VerifiedOperation authenticate(Session s, X509Certificate tlcpCert, byte[] cms, boolean approval) {
        return authenticate(s, tlcpCert, cms, approval, null);
    }

    /**
     * As above. With {@code deferred} non-null the nonce is only checked here (usable, unexpired,
     * this user's) and its value is put in {@code deferred[0]}: the caller spends it in its ledger
     * unit (as a batch claim, {@link #nonceClaim}) or, on a refusal, together with the refusal's audit record, so it
     * is spent whatever the outcome without a commit of its own.
     */
    private VerifiedOperation authenticate(Session s, X509Certificate tlcpCert, byte[] cms, boolean approval,
            byte[][] deferred) {
        VerifiedOperation op = verified(cms, approval);
        checked(s, tlcpCert, op, deferred);
        return op;
    }

    /** The CMS and certificate checks and the purpose (CPU only, no database). */
    private VerifiedOperation verified(byte[] cms, boolean approval) {
        OperationVerification v = verifier.verify(cms);
        if (!v.isAccepted()) {
            throw new OperationRefusedException(v.reason().map(Enum::name).orElse("REJECTED"), v.detail());
        }
        VerifiedOperation op = v.operation();
        boolean isApproval = op.document() instanceof ApprovalDocument;
        if (isApproval != approval || !(isApproval || op.document() instanceof OperationDocument)) {
            throw new OperationRefusedException("WRONG_PURPOSE", op.document().purpose());
        }
        return op;
    }

    /** The session checks: nonce, operator = session user, signer = TLCP client certificate, binding. */
    private void checked(Session s, X509Certificate tlcpCert, VerifiedOperation op, byte[][] deferred) {
        if (deferred == null) {
            consumeNonce(s, op.document().nonce());
        } else {
            deferred[0] = op.document().nonce();
            checkNonce(s, deferred[0]);
        }
        sessionChecks(s, tlcpCert, op, certificates.forUser(s.userId()));
    }

    /** Operator = session user, signer = TLCP client certificate, signer among the user's BINDINGS. */
    private static void sessionChecks(Session s, X509Certificate tlcpCert, VerifiedOperation op,
            java.util.List<CertificateBindings.Binding> bindings) {
        if (!op.document().operator().equals(s.username())) {
            throw new OperationRefusedException("OPERATOR_NOT_SESSION_USER", "operator " + op.document().operator());
        }
        if (tlcpCert == null || !sameCert(op.signer(), tlcpCert)) {
            throw new OperationRefusedException("SIGNER_NOT_TLCP_CLIENT_CERT", null);
        }
        if (!CertificateBindings.isBound(bindings, op.signer())) {
            throw new OperationRefusedException("CERT_NOT_BOUND", "signer certificate not bound to " + s.username());
        }
    }

    /** What the checks of a signed operation read: the signer's bindings and permissions, the policy, the target's id. */
    private record Prechecks(java.util.List<CertificateBindings.Binding> bindings, java.util.Set<Permission> permissions,
            boolean dual, Long targetId) {
    }

    /**
     * The {@link Prechecks} for USER_ID (POLICY keys and TARGET username may be null): from the ACL
     * cache where current, the rest read in ONE round trip and cached. Usernames never change and
     * ids are never reused, so a target's id is cached for good.
     */
    @SuppressWarnings("unchecked")
    private Prechecks prechecks(long userId, java.util.List<String> policy, String target) {
        cn.yzt.ops.server.rbac.AclCache acl = rbac.acl();
        cn.yzt.ops.server.rbac.AclCache.Stamp mine = acl.stamp(userId);
        cn.yzt.ops.server.rbac.AclCache.Stamp all = acl.stamp(0);
        java.util.List<CertificateBindings.Binding> bindings = acl.get("bindings", userId, userId);
        java.util.Set<Permission> permissions = acl.get("permissions", userId, userId);
        Boolean dual = policy == null ? Boolean.FALSE : acl.get("policy", policy, 0);
        Long targetId = target == null ? null : targetIds.get(target);
        java.util.List<Reads.Read<?>> reads = new java.util.ArrayList<>();
        if (bindings == null) {
            reads.add(certificates.forUserRead(userId));
        }
        if (permissions == null) {
            reads.add(rbac.permissionsRead(userId));
        }
        if (dual == null) {
            reads.add(policyRead(policy));
        }
        if (target != null && targetId == null) {
            reads.add(deps.users().idRead(target));
        }
        if (!reads.isEmpty()) {
            java.util.Iterator<Object> got = Tx.reads(ds, c -> Reads.all(c, reads)).iterator();
            if (bindings == null) {
                bindings = (java.util.List<CertificateBindings.Binding>) got.next();
                acl.put("bindings", userId, mine, bindings);
            }
            if (permissions == null) {
                permissions = (java.util.Set<Permission>) got.next();
                acl.put("permissions", userId, mine, permissions);
            }
            if (dual == null) {
                dual = (Boolean) got.next();
                acl.put("policy", policy, all, dual);
            }
            if (target != null && targetId == null) {
                java.util.Optional<Long> id = (java.util.Optional<Long>) got.next();
                targetId = id.orElse(null);
                if (targetId != null) {
                    if (targetIds.size() > 10_000) {
                        targetIds.clear();
                    }
                    targetIds.put(target, targetId);
                }
            }
        }
        return new Prechecks(java.util.List.copyOf(bindings), java.util.Set.copyOf(permissions), dual, targetId);
    }

    /** Username to id (both immutable once created). */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> targetIds = new java.util.concurrent.ConcurrentHashMap<>();

    /** The dual-control policy keys of a document whose type is known, or null if its parameters are invalid. */
    private static java.util.List<String> policyKeysIfValid(OperationDocument d) {
        try {
            return OperationTypes.policyKeys(d.type(), validated(d));
        } catch (RuntimeException ex) {
            return null; // refused below, in the order of the checks
        }
    }

    /** Whether any of the policy KEYS is marked dual-control in op_policy. */
    private static Reads.Read<Boolean> policyRead(java.util.List<String> keys) {
        return Reads.of("SELECT EXISTS (SELECT 1 FROM op_policy WHERE type = ANY (?) AND dual_control)",
                (ps, first) -> {
                    ps.setArray(first, ps.getConnection().createArrayOf("text", keys.toArray()));
                    return first + 1;
                }, rs -> {
                    rs.next();
                    return rs.getBoolean(1);
                });
    }

    /** Whether any of the policy keys (type, type:qualifier, …) is marked dual-control in op_policy. */
    private boolean dualControl(java.util.List<String> keys) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM op_policy WHERE type = ANY (?) AND dual_control")) {
                ps.setArray(1, c.createArrayOf("text", keys.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /**
     * A dual-control request as its requester or an approver sees it: who asked, what (type, the
     * signed document's canonical bytes, its parameters, so the approver sees exactly what they are
     * asked to co-sign), its status (pending, approved, rejected, expired) and whether a result
     * waits for the requester.
     */
    public record RequestView(byte[] leafHash, long ledgerIndex, long requesterId, String requester, String type,
            String status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt, byte[] document,
            ObjectNode parameters, boolean resultWaiting, java.util.Map<String, PersonalData.Opening> personal) {

        /** The one-line description (OperationTypes template, personal values opened) in LOCALE. */
        public String description(java.util.Locale locale) {
            return OperationTypes.describe(type, parameters, personal, locale);
        }
    }

    private static final String REQUEST_SELECT = "SELECT r.leaf_hash, r.ledger_idx, r.requester_id, u.username, r.type,"
            + " r.status, r.created_at, r.expires_at, d.username, r.decided_at, e.entry, r.result_enc IS NOT NULL"
            + " FROM op_requests r JOIN users u ON u.id = r.requester_id LEFT JOIN users d ON d.id = r.decided_by"
            + " JOIN ledger_entries e ON e.idx = r.ledger_idx ";

    /** Pending, unexpired requests, oldest first (for approvers). */
    public java.util.List<RequestView> pending(long actorId) {
        rbac.require(actorId, Permission.OPERATION_APPROVE);
        return requests("WHERE r.status = 'pending' ORDER BY r.created_at", null);
    }

    /** The caller's own requests, newest first (at most 200), with their status. */
    public java.util.List<RequestView> mine(long actorId) {
        return requests("WHERE r.requester_id = ? ORDER BY r.created_at DESC LIMIT 200", actorId);
    }

    /** One request, for its requester or an approver; NoSuchElementException otherwise (no existence leak). */
    public RequestView request(long actorId, byte[] leafHash) {
        RequestView v = requests("WHERE r.leaf_hash = ?", leafHash).stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("request"));
        if (v.requesterId() != actorId && !rbac.has(actorId, Permission.OPERATION_APPROVE)) {
            throw new NoSuchElementException("request");
        }
        return v;
    }

    /**
     * The result of the caller's approved request (e.g. the revealed data, the audit CSV, a one-time
     * password), handed out once and then erased; NoSuchElementException if none waits.
     */
    public JsonNode takeResult(long actorId, byte[] leafHash) {
        if (results == null) {
            throw new NoSuchElementException("result");
        }
        Object[] row = Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH old AS (SELECT leaf_hash, ledger_idx, result_enc"
                    + " FROM op_requests WHERE leaf_hash = ? AND requester_id = ? AND result_enc IS NOT NULL FOR UPDATE)"
                    + " UPDATE op_requests r SET result_enc = NULL FROM old WHERE r.leaf_hash = old.leaf_hash"
                    + " RETURNING old.ledger_idx, old.result_enc")) {
                ps.setBytes(1, leafHash);
                ps.setLong(2, actorId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getLong(1), rs.getBytes(2)} : null;
                }
            }
        });
        if (row == null) {
            throw new NoSuchElementException("result");
        }
        String json = results.open("op_requests", (Long) row[0], "result_enc", (byte[]) row[1]);
        return StrictJson.parse(json);
    }

    /** Marks pending requests past their expiry 'expired' (lazily, before every read or decision). */
    private void expire() {
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE op_requests SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?")) {
                ps.setObject(1, utc(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    private java.util.List<RequestView> requests(String where, Object key) {
        expire();
        java.util.List<Object[]> rows = Tx.run(ds, c -> {
            java.util.List<Object[]> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(REQUEST_SELECT + where)) {
                if (key != null) {
                    ps.setObject(1, key);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Object[] {rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                            rs.getObject(8, OffsetDateTime.class).toInstant(), rs.getString(9),
                            rs.getObject(10, OffsetDateTime.class), rs.getBytes(11), rs.getBoolean(12)});
                    }
                }
            }
            return out;
        });
        java.util.List<RequestView> out = new java.util.ArrayList<>();
        for (Object[] r : rows) {
            OperationDocument d = storedDocument((byte[]) r[10]);
            OffsetDateTime decided = (OffsetDateTime) r[9];
            out.add(new RequestView((byte[]) r[0], (Long) r[1], (Long) r[2], (String) r[3], (String) r[4], (String) r[5],
                    (Instant) r[6], (Instant) r[7], (String) r[8], decided == null ? null : decided.toInstant(),
                    d.toCanonicalJson(), d.parameters(), (Boolean) r[11], personal.load((Long) r[1])));
        }
        return out;
    }

    /** The operation document inside a stored request's ledger entry (signature re-checked). */
    private OperationDocument storedDocument(byte[] entry) {
        OperationVerification v = storedVerifier.verify(LedgerEntry.decode(entry).payload());
        if (!v.isAccepted() || !(v.operation().document() instanceof OperationDocument d)) {
            throw new OperationRefusedException("REQUEST_UNREADABLE", v.detail());
        }
        return d;
    }

    /**
     * A signed approval (or rejection) of a pending request by another person holding
     * OPERATION_APPROVE. On approval the request executes (as its requester, who must still hold
     * its permissions) and the approval is appended, in one transaction; the result is sealed for
     * the requester (GET /api/v1/ops/requests/{leafHash}/result), never shown to the approver. The
     * receipt is the approval's. An expired request is refused (REQUEST_EXPIRED, audited).
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
            expire();
            Object[] req = Tx.run(ds, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT r.requester_id, r.status, r.expires_at, e.entry, "
                        + "r.ledger_idx FROM op_requests r JOIN ledger_entries e ON e.idx = r.ledger_idx WHERE r.leaf_hash = ?")) {
                    ps.setBytes(1, ap.requestLeafHash());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? new Object[] {rs.getLong(1), rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getBytes(4), rs.getLong(5)} : null;
                    }
                }
            });
            if (req == null) {
                throw new OperationRefusedException("APPROVAL_WRONG_REQUEST", "no such request");
            }
            if ("expired".equals(req[1]) || received.isAfter((Instant) req[2])) {
                throw new OperationRefusedException("REQUEST_EXPIRED", "expired " + req[2]);
            }
            if (!"pending".equals(req[1])) {
                throw new OperationRefusedException("REQUEST_NOT_PENDING", (String) req[1]);
            }
            long requesterId = (Long) req[0];
            long requestIdx = (Long) req[4];
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
            ObjectNode params = validated(d);
            ResultSink close = (c, result) -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE op_requests SET status = ?, decided_by = ?, "
                        + "decided_at = ?, result_enc = ? WHERE leaf_hash = ? AND status = 'pending'")) {
                    ps.setString(1, approve ? "approved" : "rejected");
                    ps.setLong(2, s.userId());
                    ps.setObject(3, utc(received));
                    ps.setBytes(4, result == null || results == null ? null
                            : results.seal("op_requests", requestIdx, "result_enc", result.toString()));
                    ps.setBytes(5, ap.requestLeafHash());
                    if (ps.executeUpdate() != 1) {
                        throw new OperationRefusedException("REQUEST_NOT_PENDING", "decided concurrently");
                    }
                }
            };
            Receipt receipt;
            if (approve) {
                for (Permission p : type.permissions(params)) {
                    if (!rbac.has(requesterId, p)) {
                        throw new OperationRefusedException("PERMISSION_DENIED", "requester no longer holds " + p.name());
                    }
                }
                // the executor gets the values the requester committed to (re-verified against the stored document)
                ObjectNode opened = personal.opened(d, personal.load(requestIdx));
                receipt = execute(type, requesterId, opened, EntryKind.APPROVAL, cms, received, close).receipt();
            } else {
                receipt = ledger.commit(new LedgerEntry(EntryKind.APPROVAL, cms, LedgerEntry.ACCEPTED, received), (c, r) -> {
                    close.accept(c, null);
                    return null;
                }).receipt();
            }
            audit.record(AuditEvent.success("OPERATION_APPROVAL", s.username(), s.userId(), ap.decision() + " "
                    + d.type() + " " + auditParameters(d) + " request " + HexFormat.of().formatHex(ap.requestLeafHash())
                    + " ledger " + receipt.leafIndex()));
            return receipt;
        } catch (OperationRefusedException ex) {
            refuse(s, doc, ex.reason(), ex.getMessage());
            throw ex;
        } catch (RuntimeException ex) {
            throw mapped(s, doc, ex);
        }
    }

    private OperationRefusedException refused(Session s, OperationDocument doc, String reason, String detail) {
        return refused(s, doc, reason, detail, null);
    }

    private OperationRefusedException refused(Session s, OperationDocument doc, String reason, String detail, byte[] nonce) {
        refuse(s, doc, reason, detail, nonce);
        return new OperationRefusedException(reason, detail);
    }

    private void refuse(Session s, OperationDocument doc, String reason, String detail) {
        refuse(s, doc, reason, detail, null);
    }

    /** Audits the refusal; a NONCE not yet spent is deleted in the same commit (a no-op if it already was). */
    private void refuse(Session s, OperationDocument doc, String reason, String detail, byte[] nonce) {
        String what = doc == null ? "" : doc.type() + " ";
        AuditEvent e = AuditEvent.failure("OPERATION", s.username(), s.userId(), reason, what + (detail == null ? "" : detail));
        if (nonce == null) {
            audit.record(e);
        } else {
            audit.recordWith(c -> deleteNonce(c, s.userId(), nonce), x -> e);
        }
    }

    private void spendQuietly(Session s, byte[] nonce) {
        try {
            Tx.run(ds, c -> deleteNonce(c, s.userId(), nonce));
        } catch (RuntimeException ignored) {
            // the database is failing; the original error is what the caller needs
        }
    }

    /** Deletes the user's nonce; its expiry, or null if it was not there (unknown, spent, another user's). */
    private static Instant deleteNonce(java.sql.Connection c, long userId, byte[] nonce) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM op_nonces WHERE nonce = ? AND user_id = ? RETURNING expires_at")) {
            ps.setBytes(1, nonce);
            ps.setLong(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
            }
        }
    }

    /** Refuses a nonce that is unknown, spent, another user's or expired, without spending it. */
    private void checkNonce(Session s, byte[] nonce) {
        nonceQuery(s, nonce, "SELECT expires_at FROM op_nonces WHERE nonce = ? AND user_id = ?");
    }

    /** Atomically deletes the nonce if it is this user's and unexpired: a nonce is spent even if what follows fails. */
    private void consumeNonce(Session s, byte[] nonce) {
        nonceQuery(s, nonce, "DELETE FROM op_nonces WHERE nonce = ? AND user_id = ? RETURNING expires_at");
    }

    /** Runs SQL (nonce, user id) -> expires_at and refuses an unknown or expired nonce. */
    private void nonceQuery(Session s, byte[] nonce, String sql) {
        refuseUnusable(Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setBytes(1, nonce);
                ps.setLong(2, s.userId());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant() : null;
                }
            }
        }));
    }

    /** Refuses a nonce found with expiry EXPIRES (null = unknown, spent or another user's) that cannot be used now. */
    private void refuseUnusable(Instant expires) {
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
