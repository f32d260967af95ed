package cn.yzt.ops.server.testing;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.http.ApiServer;
import cn.yzt.ops.server.http.TlcpTransport;
import cn.yzt.ops.server.ledger.LedgerKey;
import cn.yzt.ops.server.map.DemoData;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.NewUser;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;

/**
 * A complete ops-server for client tests (the console's TestFX tests use it through this module's
 * test-jar): real embedded PostgreSQL, the production services, the HTTP API on TLCP (bgmprovider)
 * with client authentication, one CA for the server and the users' UKEY certificates, the real
 * clock. Start one per test class; close it in @AfterAll.
 */
public final class ConsoleServerFixture implements AutoCloseable {

    /** Every account's password (test only). */
    public static final String PASSWORD = "Correct-Horse-1";

    public final TestServices t;
    public final CertificateAuthority ca;
    private final ApiServer server;

    private ConsoleServerFixture(int demoParcels) {
        t = new TestServices(ServerConfig.defaults().with("auth.passwordIterations", "1000")
                .with("auth.challengeBurst", "100"), Clock.systemUTC());
        ca = CertificateAuthority.createRoot("CN=YZT Console Test CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)));
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        Validity v = Validity.fromNow(Duration.ofDays(30));
        X509Certificate root = ca.certificate();
        TlcpTransport transport = new TlcpTransport(TlcpContexts.server()
                .keys(s.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost,O=YZT,C=CN", s.getPublic(), CertificateProfile.SIGN, v, List.of("127.0.0.1")), root},
                        e.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost,O=YZT,C=CN", e.getPublic(), CertificateProfile.ENC, v, List.of("127.0.0.1")), root})
                .trustAnchor(root).crls(List.of(ca.crl())).build());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(root), List.of(ca.crl())),
                Duration.ZERO, Clock.systemUTC());
        if (demoParcels > 0) {
            DemoData.load(t.services.maps(), t.services.auditLog(), demoParcels);
        }
        server = ApiServer.start(t.services, t.services.login(new ServerIdentity(t.services.serverId(),
                transport.serverCertSm3()), checker), transport, "127.0.0.1", 0, 65536);
    }

    /** A server with no map data. */
    public static ConsoleServerFixture start() {
        return new ConsoleServerFixture(0);
    }

    /** A server with the demo map dataset of {@code parcels} parcels. */
    public static ConsoleServerFixture withDemoMap(int parcels) {
        return new ConsoleServerFixture(parcels);
    }

    public Services services() {
        return t.services;
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + server.port();
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    public X509CRL crl() {
        return ca.crl();
    }

    /** The ledger's current public key (what a console is configured with). */
    public PublicKey ledgerPublicKey() {
        return LedgerKey.current(t.vault);
    }

    /**
     * An account with {@link #PASSWORD}, the given built-in roles (e.g. "SECURITY_ADMIN") and the
     * UKEY signing certificate bound to it. Created directly (the bootstrap path), not signed.
     */
    public long createUser(String username, X509Certificate signCertificate, String... roles) {
        long id = t.services.users().create(null, new NewUser(username, "测试用户" + username, null, null, null),
                PASSWORD.toCharArray());
        for (String r : roles) {
            t.services.rbac().grant(null, id, Role.valueOf(r));
        }
        if (signCertificate != null) {
            t.services.certificates().bind(null, id, signCertificate);
        }
        return id;
    }

    /** Appends an admin-event entry (so the ledger grows between two logins); type like "test.event". */
    public void appendLedgerEvent(String type) {
        t.services.ledger().adminEvent(type, "fixture", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("test", true));
    }

    /**
     * A head genuinely signed by the server's ledger key but over another history (as a server
     * that rewrote its ledger and re-signed would produce): a console holding it must detect that
     * the server's current tree does not extend it.
     */
    public SignedTreeHead forgedHead(long treeSize, byte[] rootHash) {
        return LedgerKey.signer(t.vault).sign(treeSize, rootHash, Instant.now());
    }

    @Override
    public void close() {
        server.close();
        t.close();
    }
}
