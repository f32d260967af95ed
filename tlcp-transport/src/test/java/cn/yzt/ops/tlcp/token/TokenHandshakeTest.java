package cn.yzt.ops.tlcp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import cn.yzt.ops.skf.jca.SkfKeyStore;
import cn.yzt.ops.skf.jca.SkfPrivateKey;
import cn.yzt.ops.skf.jca.SkfProvider;
import cn.yzt.ops.tlcp.TlcpClientContext;
import cn.yzt.ops.tlcp.TlcpConfigurationException;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.TlcpFailure;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.TlcpServerContext;
import cn.yzt.ops.tlcp.TlcpSessions;
import cn.yzt.ops.tlcp.TlcpSuites;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;

/**
 * The client's sign AND enc keys are handles on the soft UKEY through JNA; CertificateVerify is
 * signed on the token by JCA delayed provider selection. Skipped when the soft UKEY is not built.
 */
class TokenHandshakeTest {

    @TempDir
    static Path dir;

    static CertificateAuthority ca;
    static SoftToken token;
    static KeyStore store;
    static TlcpServerContext server;

    @BeforeAll
    static void provision() throws Exception {
        Assertions.assertTrue(SoftToken.available(), "the soft UKEY must be built first (the reactor builds soft-ukey before this module)");
        ca = CertificateAuthority.createRoot("CN=YZT Token Test CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(3650)));
        token = new SoftToken(dir, ca);
        TlcpProviders.installTokenProvider(new SkfProvider());
        store = token.keyStore();
        Validity v = Validity.fromNow(Duration.ofDays(365));
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        X509Certificate root = ca.certificate();
        server = TlcpContexts.server().trustAnchor(root).crls(List.of(ca.crl()))
                .keys(s.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost", s.getPublic(), CertificateProfile.SIGN, v, List.of("127.0.0.1")), root},
                        e.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost", e.getPublic(), CertificateProfile.ENC, v, List.of("127.0.0.1")), root})
                .build();
    }

    static PublicKey tokenKey(String alias) throws Exception {
        return ((SkfPrivateKey) store.getKey(alias, null)).publicKey();
    }

    @Test
    void csrSignedOnTheTokenYieldsASignCertificateForTheTokenKey() throws Exception {
        assertThat(Sm2PublicKeyInfo.of(token.signCert.getPublicKey()))
                .isEqualTo(Sm2PublicKeyInfo.of(tokenKey(SoftToken.CONTAINER)));
        assertThat(store.getCertificate(SoftToken.CONTAINER)).isEqualTo(token.signCert);
    }

    @Test
    void envelopedEncKeyImportsAndMatchesItsCertificate() throws Exception {
        String encAlias = SoftToken.CONTAINER + SkfKeyStore.ENC_SUFFIX;
        assertThat(Sm2PublicKeyInfo.of(tokenKey(encAlias)))
                .isEqualTo(Sm2PublicKeyInfo.of(token.enc.certificate().getPublicKey()));
        assertThat(store.getCertificate(encAlias)).isEqualTo(token.enc.certificate());
    }

    @Test
    void mutualAuthHandshakeWithBothClientKeysOnTheToken() throws Exception {
        for (String suite : TlcpSuites.TOKEN_SAFE) {
            TlcpClientContext client = TlcpContexts.client().trustAnchor(ca.certificate())
                    .keyStore(store, null, SoftToken.CONTAINER).suites(List.of(suite)).build();
            assertThat(client.identity().orElseThrow().keysExtractable()).isFalse();
            try (SSLServerSocket ss = server.newServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
                java.util.concurrent.CompletableFuture<SSLSession> seen = java.util.concurrent.CompletableFuture
                        .supplyAsync(() -> {
                            try (SSLSocket a = (SSLSocket) ss.accept()) {
                                a.startHandshake();
                                a.getOutputStream().write('k');
                                a.getOutputStream().flush();
                                return a.getSession();
                            } catch (Exception ex) {
                                throw new IllegalStateException(ex);
                            }
                        });
                try (SSLSocket c = (SSLSocket) client.socketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                    c.setSoTimeout(20_000);
                    c.startHandshake();
                    assertThat(c.getInputStream().read()).isEqualTo('k');
                    assertThat(c.getSession().getCipherSuite()).isEqualTo(suite);
                }
                SSLSession s = seen.get(30, TimeUnit.SECONDS);
                assertThat(TlcpSessions.peerSignCertificate(s).orElseThrow().getEncoded())
                        .isEqualTo(token.signCert.getEncoded());
                assertThat(TlcpSessions.peerEncCertificate(s).orElseThrow().getEncoded())
                        .isEqualTo(token.enc.certificate().getEncoded());
            }
        }
    }

    @Test
    void probeConnectsWithTheUkeyAndPrintsTheServerCertificates() throws Exception {
        Path caFile = dir.resolve("probe-ca.pem");
        cn.yzt.ops.tlcp.pki.PemFiles.writeCertificates(caFile, List.of(ca.certificate()));
        try (SSLServerSocket ss = server.newServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> seen = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (SSLSocket a = (SSLSocket) ss.accept()) {
                    a.startHandshake();
                    return TlcpSessions.peerSignCertificate(a.getSession()).orElseThrow()
                            .getSubjectX500Principal().getName();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.PrintStream ps = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
            java.util.Locale saved = java.util.Locale.getDefault();
            java.util.Locale.setDefault(java.util.Locale.ENGLISH);
            int code;
            try {
                // The PIN comes from an environment variable that surefire sets (module pom).
                code = cn.yzt.ops.tlcp.cli.TlcpProbe.run(new String[] {"--connect=127.0.0.1:" + ss.getLocalPort(),
                    "--ca=" + caFile, "--ukey-lib=" + token.library, "--container=" + SoftToken.CONTAINER,
                    "--pin-env=YZT_TEST_UKEY_PIN"}, ps, ps);
            } finally {
                java.util.Locale.setDefault(saved);
            }
            String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(text).contains("Protocol: GMTLS", "Cipher suite: ECC_SM4_GCM_SM3", "Server sign certificate:",
                    "Server encryption certificate:", "Verification: OK");
            assertThat(seen.get(30, TimeUnit.SECONDS)).contains("运维管理员王五");
        }
    }

    @Test
    void ecdheWithTheTokenKeyIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> TlcpContexts.client().trustAnchor(ca.certificate())
                .keyStore(store, null, SoftToken.CONTAINER).suites(TlcpSuites.ALL).build())
                .isInstanceOfSatisfying(TlcpConfigurationException.class,
                        ex -> assertThat(ex.failure()).isEqualTo(TlcpFailure.ECDHE_WITH_TOKEN_KEY));
    }
}
