package cn.yzt.ops.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;

/** Every login failure reason of issue 3, each with a real SM2 signature and its audit entry. */
class LoginServiceTest {

    private static LoginFixture f;

    @BeforeAll
    static void setUp() {
        f = new LoginFixture();
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static void refused(LoginAttempt a, LoginFailure reason) {
        assertThatThrownBy(() -> f.login.login(a)).isInstanceOf(LoginFailedException.class)
                .hasMessage("login failed")
                .satisfies(ex -> assertThat(((LoginFailedException) ex).reason()).isEqualTo(reason));
        assertThat(f.lastLoginReason()).isEqualTo(reason.name());
    }

    private static Challenge challenge(String user) {
        return f.t.services.challenges().issue(user);
    }

    @Test
    void correctUkeySignatureLogsInAndSessionIsBoundToCertificate() {
        TestPki.Identity alice = f.account("alice");
        SessionService.Issued s = f.login.login(f.attempt(challenge("alice"), alice));
        assertThat(Bytes.random(1)).isNotNull();
        assertThat(s.token()).hasSize(43);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'LOGIN' AND outcome = 'SUCCESS' AND username = 'alice'"))
                .isEqualTo(1);
        SessionService sessions = f.t.services.sessions();
        assertThat(sessions.authenticate(s.token(), alice.cert()).username()).isEqualTo("alice");
        // the token is stored only as a hash
        assertThat(f.t.count("SELECT count(*) FROM sessions WHERE position(convert_to('" + s.token() + "', 'UTF8') in token_hash) > 0"))
                .isZero();
        // same token over a TLCP session with another certificate: refused and audited
        TestPki.Identity other = f.ca.issue("mallory");
        assertThatThrownBy(() -> sessions.authenticate(s.token(), other.cert())).isInstanceOf(SessionException.class);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE reason = 'SESSION_CERT_MISMATCH'")).isEqualTo(1);
        assertThat(sessions.active(f.secAdmin)).extracting(Session::username).contains("alice");
        sessions.logout(s.token(), sessions.authenticate(s.token(), alice.cert()));
        assertThatThrownBy(() -> sessions.authenticate(s.token(), alice.cert()))
                .isInstanceOf(SessionException.class).satisfies(ex -> assertThat(((SessionException) ex).reason()).isEqualTo("SESSION_ENDED"));
    }

    @Test
    void idleTimeoutEndsTheSession() {
        TestPki.Identity id = f.account("idler");
        SessionService.Issued s = f.login.login(f.attempt(challenge("idler"), id));
        f.clock.advance(Duration.ofSeconds(901));
        f.refreshCrl();
        assertThatThrownBy(() -> f.t.services.sessions().authenticate(s.token(), id.cert())).isInstanceOf(SessionException.class);
    }

    @Test
    void replayedChallenge() {
        TestPki.Identity id = f.account("replay");
        Challenge ch = challenge("replay");
        LoginAttempt a = f.attempt(ch, id);
        f.login.login(a);
        refused(f.attempt(ch, id), LoginFailure.CHALLENGE_UNKNOWN_OR_USED);
    }

    @Test
    void expiredChallenge() {
        TestPki.Identity id = f.account("slowpoke");
        Challenge ch = challenge("slowpoke");
        f.clock.advance(Duration.ofSeconds(61));
        f.refreshCrl();
        refused(f.attempt(ch, id), LoginFailure.CHALLENGE_EXPIRED);
    }

    @Test
    void signatureByAnotherKey() {
        TestPki.Identity id = f.account("sigwrong");
        Challenge ch = challenge("sigwrong");
        byte[] st = f.statement(ch);
        refused(f.attempt(ch, st, TestPki.sm2KeyPair().getPrivate(), id.cert(), LoginFixture.PASSWORD, id.cert()),
                LoginFailure.BAD_SIGNATURE);
    }

    @Test
    void certificateNotBoundToTheAccount() {
        f.account("unbound");
        TestPki.Identity stranger = f.ca.issue("stranger");
        refused(f.attempt(challenge("unbound"), stranger), LoginFailure.CERT_NOT_BOUND);
    }

    @Test
    void revokedCertificate() {
        TestPki.Identity id = f.account("revoked");
        f.ca.revoke(id.cert());
        f.refreshCrl();
        refused(f.attempt(challenge("revoked"), id), LoginFailure.CERT_REVOKED);
    }

    @Test
    void expiredCertificate() {
        long uid = f.t.services.users().create(null, new cn.yzt.ops.server.user.NewUser("expired", "过期", null, null, null),
                LoginFixture.PASSWORD.toCharArray());
        TestPki.Identity old = f.ca.issue("expired", Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)),
                KeyUsage.digitalSignature);
        f.t.services.certificates().bind(f.secAdmin, uid, old.cert());
        refused(f.attempt(challenge("expired"), old), LoginFailure.CERT_EXPIRED);
    }

    @Test
    void caNotTrusted() {
        f.account("untrusted");
        TestPki rogue = new TestPki("YZT UKEY CA");
        refused(f.attempt(challenge("untrusted"), rogue.issue("untrusted")), LoginFailure.CERT_UNTRUSTED);
    }

    @Test
    void missingOrStaleCrlFailsClosed() {
        TestPki.Identity id = f.account("crlless");
        f.checker.update(new TrustMaterial(List.of(f.ca.caCert()), List.of()));
        try {
            refused(f.attempt(challenge("crlless"), id), LoginFailure.CRL_MISSING);
            f.checker.update(new TrustMaterial(List.of(f.ca.caCert()),
                    List.of(f.ca.crl(f.clock.instant().minus(Duration.ofDays(2)), f.clock.instant().minus(Duration.ofMinutes(1))))));
            refused(f.attempt(challenge("crlless"), id), LoginFailure.CRL_STALE);
        } finally {
            f.refreshCrl();
        }
    }

    @Test
    void keyUsageWithoutDigitalSignature() {
        long uid = f.t.services.users().create(null, new cn.yzt.ops.server.user.NewUser("encaonly", "加密", null, null, null),
                LoginFixture.PASSWORD.toCharArray());
        TestPki.Identity enc = f.ca.issue("encaonly", Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(9)),
                KeyUsage.keyEncipherment);
        f.t.services.certificates().bind(f.secAdmin, uid, enc.cert());
        refused(f.attempt(challenge("encaonly"), enc), LoginFailure.CERT_KEY_USAGE);
    }

    @Test
    void wrongPasswordThenLockoutThenAdminUnlock() {
        TestPki.Identity id = f.account("forgetful");
        for (int i = 0; i < 5; i++) {
            Challenge ch = challenge("forgetful");
            refused(f.attempt(ch, f.statement(ch), id.key(), id.cert(), "Wrong-Password-9", id.cert()), LoginFailure.BAD_PASSWORD);
        }
        refused(f.attempt(challenge("forgetful"), id), LoginFailure.ACCOUNT_LOCKED);
        long uid = f.t.services.users().idOf("forgetful").orElseThrow();
        f.t.services.users().unlock(f.secAdmin, uid);
        assertThat(f.login.login(f.attempt(challenge("forgetful"), id)).token()).isNotEmpty();
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'ACCOUNT_LOCK'")).isGreaterThanOrEqualTo(1);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'USER_UNLOCK'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unlockingByDirectSqlIsDetected() {
        TestPki.Identity id = f.account("sqlunlock");
        for (int i = 0; i < 5; i++) {
            Challenge ch = challenge("sqlunlock");
            refused(f.attempt(ch, f.statement(ch), id.key(), id.cert(), "Wrong-Password-9", id.cert()), LoginFailure.BAD_PASSWORD);
        }
        f.t.sql("UPDATE users SET locked_at = NULL, failed_logins = 0 WHERE username = 'sqlunlock'");
        refused(f.attempt(challenge("sqlunlock"), id), LoginFailure.INTEGRITY_ERROR);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE reason = 'USER_RECORD_MAC_MISMATCH'")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void statementForAnotherServerOrChannel() {
        TestPki.Identity id = f.account("relayed");
        Challenge ch = challenge("relayed");
        refused(f.attempt(ch, f.statement(ch, "other-server", f.server.tlcpCertSm3()), id.key(), id.cert(),
                LoginFixture.PASSWORD, id.cert()), LoginFailure.STATEMENT_WRONG_SERVER);
        Challenge ch2 = challenge("relayed");
        refused(f.attempt(ch2, f.statement(ch2, f.server.serverId(), Bytes.random(32)), id.key(), id.cert(),
                LoginFixture.PASSWORD, id.cert()), LoginFailure.STATEMENT_WRONG_SERVER_CERT);
    }

    @Test
    void statementForAnotherChallengeOrNotCanonical() {
        TestPki.Identity id = f.account("sneaky");
        Challenge ch = challenge("sneaky");
        Challenge other = challenge("sneaky");
        refused(f.attempt(ch, f.statement(other), id.key(), id.cert(), LoginFixture.PASSWORD, id.cert()),
                LoginFailure.STATEMENT_FIELDS_MISMATCH);
        Challenge ch3 = challenge("sneaky");
        byte[] pretty = (" " + new String(f.statement(ch3), java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        refused(f.attempt(ch3, pretty, id.key(), id.cert(), LoginFixture.PASSWORD, id.cert()), LoginFailure.STATEMENT_NOT_CANONICAL);
    }

    @Test
    void signerMustBeTheTlcpClientCertificate() {
        TestPki.Identity id = f.account("proxy");
        TestPki.Identity tlcp = f.ca.issue("someone-else");
        Challenge ch = challenge("proxy");
        byte[] st = f.statement(ch);
        refused(f.attempt(ch, st, id.key(), id.cert(), LoginFixture.PASSWORD, tlcp.cert()), LoginFailure.SIGNER_NOT_TLCP_CLIENT_CERT);
        Challenge ch2 = challenge("proxy");
        byte[] st2 = f.statement(ch2);
        refused(f.attempt(ch2, st2, id.key(), id.cert(), LoginFixture.PASSWORD, null), LoginFailure.TLCP_CLIENT_CERT_MISSING);
    }

    @Test
    void disabledAccountIsRefusedAndItsSessionsEnd() {
        TestPki.Identity id = f.account("leaver");
        SessionService.Issued s = f.login.login(f.attempt(challenge("leaver"), id));
        long uid = f.t.services.users().idOf("leaver").orElseThrow();
        long sysAdmin = f.t.services.users().create(null, new cn.yzt.ops.server.user.NewUser("sysadm", "系统管理员", null, null, null),
                LoginFixture.PASSWORD.toCharArray());
        f.t.services.rbac().grant(f.secAdmin, sysAdmin, cn.yzt.ops.server.rbac.Role.SYSTEM_ADMIN);
        f.t.services.users().setActive(sysAdmin, uid, false);
        assertThatThrownBy(() -> f.t.services.sessions().authenticate(s.token(), id.cert())).isInstanceOf(SessionException.class);
        refused(f.attempt(challenge("leaver"), id), LoginFailure.USER_DISABLED);
        f.t.services.users().setActive(sysAdmin, uid, true);
        assertThat(f.login.login(f.attempt(challenge("leaver"), id)).token()).isNotEmpty();
    }

    @Test
    void unknownUserGetsTheSameGenericError() {
        TestPki.Identity id = f.ca.issue("ghost");
        refused(f.attempt(challenge("ghost"), id), LoginFailure.USER_UNKNOWN);
    }

    @Test
    void tamperedBindingRowRefusesLogin() {
        TestPki.Identity id = f.account("tampered");
        long uid = f.t.services.users().idOf("tampered").orElseThrow();
        f.t.sql("UPDATE user_certs SET bound_at = bound_at - interval '1 second' WHERE user_id = " + uid);
        refused(f.attempt(challenge("tampered"), id), LoginFailure.INTEGRITY_ERROR);
    }

    @Test
    void auditChainIntactAfterAllOfIt() {
        assertThat(f.t.services.auditVerifier().verify().intact()).isTrue();
    }
}
