package cn.yzt.ops.server.testing;

import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.Challenge;
import cn.yzt.ops.server.auth.LoginAttempt;
import cn.yzt.ops.server.auth.LoginService;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.NewUser;

/** Services, a CA, a server identity and helpers to build real SM2-signed login attempts. */
public final class LoginFixture implements AutoCloseable {

    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();

    public static final String PASSWORD = "Correct-Horse-1";

    public final MutableClock clock = new MutableClock();
    public final TestServices t;
    public final TestPki ca = new TestPki("YZT UKEY CA");
    public final ServerIdentity server = new ServerIdentity("yzt-ops-test", Bytes.random(32));
    public final CertificateChecker checker;
    public final LoginService login;
    public final long secAdmin;

    public LoginFixture() {
        // burst 40: the HTTP tests send many challenges with one admin certificate (hostile inputs)
        t = new TestServices(ServerConfig.defaults().with("auth.passwordIterations",
                System.getProperty("bench.passwordIterations", "1000")).with("auth.challengeBurst", "40"), clock);
        checker = new CertificateChecker(new TrustMaterial(List.of(ca.caCert()), List.of(ca.currentCrl())), Duration.ZERO, clock);
        login = t.services.login(server, checker);
        secAdmin = t.services.users().create(null, new NewUser("secadmin", "安全管理员", null, null, null), PASSWORD.toCharArray());
        t.services.rbac().grant(null, secAdmin, Role.SECURITY_ADMIN);
    }

    /** A signed-operation actor: an account with its bound key and a session. */
    public record Actor(String name, long id, TestPki.Identity key, cn.yzt.ops.server.auth.Session session) {
    }

    /** A new account holding ROLE, with one bound UKEY certificate and a session. */
    public Actor actor(String name, Role role) {
        TestPki.Identity key = account(name);
        long id = t.services.users().idOf(name).orElseThrow();
        t.services.rbac().grant(null, id, role);
        return new Actor(name, id, key, t.services.sessions().create(id, name, key.cert()).session());
    }

    /** A new account with one bound UKEY certificate. */
    public TestPki.Identity account(String username) {
        long id = t.services.users().create(null, new NewUser(username, "用户", null, null, null), PASSWORD.toCharArray());
        TestPki.Identity ident = ca.issue(username);
        t.services.certificates().bind(secAdmin, id, ident.cert());
        return ident;
    }

    public void refreshCrl() {
        checker.update(new TrustMaterial(List.of(ca.caCert()), List.of(ca.crl(clock.instant().minusSeconds(60),
                clock.instant().plus(Duration.ofDays(1))))));
    }

    public byte[] statement(Challenge ch, String serverId, byte[] serverCertSm3) {
        return new LoginStatement(ch.username(), ch.nonce(), serverId, serverCertSm3, clock.instant()).toCanonicalJson();
    }

    public byte[] statement(Challenge ch) {
        return statement(ch, server.serverId(), server.tlcpCertSm3());
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SM3withSM2", BC);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A correct attempt: the identity signs, presents its cert, and is the TLCP client. */
    public LoginAttempt attempt(Challenge ch, TestPki.Identity id) {
        byte[] st = statement(ch);
        return new LoginAttempt(ch.id(), st, sign(id.key(), st), id.cert(), PASSWORD.toCharArray(), id.cert(), "127.0.0.1");
    }

    public LoginAttempt attempt(Challenge ch, byte[] statement, PrivateKey signer, X509Certificate signerCert,
            String password, X509Certificate tlcp) {
        return new LoginAttempt(ch.id(), statement, sign(signer, statement), signerCert, password.toCharArray(), tlcp, "127.0.0.1");
    }

    public String lastLoginReason() {
        return t.services == null ? null : reason("SELECT reason FROM audit_log WHERE event_type = 'LOGIN' ORDER BY seq DESC LIMIT 1");
    }

    private String reason(String sql) {
        try (var c = t.db.connection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static Instant now() {
        return Instant.now();
    }

    static {
        // keep Sm2 loaded for helpers that compute fingerprints
        Sm2.sm3(new byte[0]);
    }

    @Override
    public void close() {
        t.close();
    }
}
