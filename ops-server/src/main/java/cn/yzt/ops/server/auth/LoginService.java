package cn.yzt.ops.server.auth;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.ledger.LedgerPayloads;
import cn.yzt.ops.server.ledger.LedgerService;
import cn.yzt.ops.server.user.CertificateBindings;
import cn.yzt.ops.server.user.UserRecord;
import cn.yzt.ops.server.user.UserService;

/**
 * UKEY login, ARCHITECTURE.md section 1 step 5, checks in this order: challenge (consumed first,
 * so even a failed attempt burns it), statement, signer certificate == TLCP client certificate,
 * certificate chain/validity/CRL/key usage, account state, binding, password, signature. Every
 * failure is one {@link LoginFailedException} for the client and one audit entry with the reason.
 * Password and signature failures count towards the lockout.
 */
public final class LoginService {

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final javax.sql.DataSource ds;
    private final ChallengeService challenges;
    private final StatementCheck statements;
    private final CertificateChecker certificates;
    private final UserService users;
    private final CertificateBindings bindings;
    private final SessionService sessions;
    private final AuditLog audit;
    private final int maxFailures;
    private final LedgerService ledger;
    private final Clock clock;

    public LoginService(javax.sql.DataSource ds, ChallengeService challenges, ServerIdentity server, Duration clockSkew, CertificateChecker certificates,
            UserService users, CertificateBindings bindings, SessionService sessions, AuditLog audit, int maxFailures,
            LedgerService ledger, Clock clock) {
        this.ds = ds;
        this.ledger = ledger;
        this.clock = clock;
        this.challenges = challenges;
        this.statements = new StatementCheck(server, clockSkew, clock);
        this.certificates = certificates;
        this.users = users;
        this.bindings = bindings;
        this.sessions = sessions;
        this.audit = audit;
        this.maxFailures = maxFailures;
    }

    /** Logs in or throws LoginFailedException; the password array is wiped either way. */
    public SessionService.Issued login(LoginAttempt a) {
        String username = null;
        Long userId = null;
        try {
            Challenge ch = challenges.consume(a.challengeId())
                    .orElseThrow(() -> new LoginFailedException(LoginFailure.CHALLENGE_UNKNOWN_OR_USED));
            username = ch.username();
            if (challenges.expired(ch)) {
                throw new LoginFailedException(LoginFailure.CHALLENGE_EXPIRED);
            }
            fail(statements.check(a.statement(), ch));
            if (a.tlcpClientCert() == null) {
                throw new LoginFailedException(LoginFailure.TLCP_CLIENT_CERT_MISSING);
            }
            if (!sameCert(a.signerCert(), a.tlcpClientCert())) {
                throw new LoginFailedException(LoginFailure.SIGNER_NOT_TLCP_CLIENT_CERT);
            }
            fail(certificates.check(a.signerCert()));
            UserRecord user = users.forLogin(ch.username())
                    .orElseThrow(() -> new LoginFailedException(LoginFailure.USER_UNKNOWN));
            userId = user.id();
            if (!user.active()) {
                throw new LoginFailedException(LoginFailure.USER_DISABLED);
            }
            if (user.locked()) {
                throw new LoginFailedException(LoginFailure.ACCOUNT_LOCKED);
            }
            if (!bindings.isBound(user.id(), a.signerCert())) {
                throw new LoginFailedException(LoginFailure.CERT_NOT_BOUND);
            }
            if (!users.passwordMatches(user, a.password())) {
                countFailure(user.id());
                throw new LoginFailedException(LoginFailure.BAD_PASSWORD);
            }
            if (!signatureValid(a.signerCert(), a.statement(), a.signature())) {
                countFailure(user.id());
                throw new LoginFailedException(LoginFailure.BAD_SIGNATURE);
            }
            // Committed together (failure counter reset, session, audit entry, and the LOGIN ledger
            // entry holding the signed statement, signature and certificate: the non-repudiable
            // record), in the ledger's group-commit batch: concurrent logins share one fsync.
            LedgerEntry entry = new LedgerEntry(EntryKind.LOGIN,
                    LedgerPayloads.login(user.username(), a.statement(), a.signature(), a.signerCert()),
                    LedgerEntry.ACCEPTED, clock.instant().truncatedTo(ChronoUnit.MICROS));
            return ledger.commit(entry, (c, appended) -> {
                users.resetFailures(c, user.id());
                SessionService.Issued issued = sessions.create(c, user.id(), user.username(), a.tlcpClientCert());
                audit.append(c, new AuditEvent("LOGIN", AuditEvent.Outcome.SUCCESS, user.username(), user.id(), null,
                        "session " + issued.session().id() + ", ledger " + appended.leafIndex(), a.remote()));
                return issued;
            }).result();
        } catch (LoginFailedException ex) {
            audit.record(new AuditEvent("LOGIN", AuditEvent.Outcome.FAILURE, username, userId, ex.reason().name(), null,
                    a.remote()));
            throw ex;
        } catch (IntegrityException ex) {
            // the integrity alert itself was recorded where it was detected
            audit.record(new AuditEvent("LOGIN", AuditEvent.Outcome.FAILURE, username, userId,
                    LoginFailure.INTEGRITY_ERROR.name(), null, a.remote()));
            throw new LoginFailedException(LoginFailure.INTEGRITY_ERROR);
        } finally {
            Bytes.wipe(a.password());
        }
    }

    private void countFailure(long userId) {
        if (users.recordFailure(userId, maxFailures)) {
            audit.record(new AuditEvent("ACCOUNT_LOCK", AuditEvent.Outcome.SUCCESS, null, userId, null,
                    "locked after " + maxFailures + " failures", null));
        }
    }

    private static void fail(Optional<LoginFailure> f) {
        if (f.isPresent()) {
            throw new LoginFailedException(f.get());
        }
    }

    private static boolean sameCert(X509Certificate a, X509Certificate b) {
        try {
            return a != null && Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (java.security.cert.CertificateEncodingException ex) {
            return false;
        }
    }

    /** SM3withSM2 with the default signer ID (GM/T 0009), DER signature. */
    private static boolean signatureValid(X509Certificate cert, byte[] data, byte[] der) {
        try {
            Signature s = Signature.getInstance("SM3withSM2", BC);
            s.initVerify(cert.getPublicKey());
            s.update(data);
            return s.verify(der);
        } catch (GeneralSecurityException | RuntimeException ex) {
            return false;
        }
    }
}
