package cn.yzt.ops.tlcp.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.jca.SkfProvider;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.TlcpErrorTranslator;
import cn.yzt.ops.tlcp.TlcpFailure;
import cn.yzt.ops.tlcp.TlcpJetty;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;
import okhttp3.OkHttpClient;

/** OkHttp GET → 200 through Jetty with the client's keys on the soft UKEY; then the UKEY is pulled. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenOkHttpAndRemovalTest {

    @TempDir
    static Path dir;

    static CertificateAuthority ca;
    static SoftToken token;
    static KeyStore store;
    static Server jetty;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Assertions.assertTrue(SoftToken.available(), "the soft UKEY must be built first (the reactor builds soft-ukey before this module)");
        ca = CertificateAuthority.createRoot("CN=YZT Token Http CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(3650)));
        token = new SoftToken(dir, ca);
        TlcpProviders.installTokenProvider(new SkfProvider());
        store = token.keyStore();
        Validity v = Validity.fromNow(Duration.ofDays(365));
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        X509Certificate root = ca.certificate();
        var serverCtx = TlcpContexts.server().trustAnchor(root).crls(List.of(ca.crl()))
                .keys(s.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost", s.getPublic(), CertificateProfile.SIGN, v, List.of("127.0.0.1")), root},
                        e.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost", e.getPublic(), CertificateProfile.ENC, v, List.of("127.0.0.1")), root})
                .build();
        jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        http.addCustomizer(src);
        ServerConnector c = new ServerConnector(jetty,
                new SslConnectionFactory(TlcpJetty.sslContextFactory(serverCtx), "http/1.1"), new HttpConnectionFactory(http));
        c.setHost("127.0.0.1");
        c.setPort(0);
        jetty.addConnector(c);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String who = TlcpJetty.clientSignCertificate(request)
                        .map(x -> x.getSubjectX500Principal().getName(X500Principal.RFC2253)).orElse("nobody");
                response.setStatus(200);
                response.write(true, StandardCharsets.UTF_8.encode(who), callback);
                return true;
            }
        });
        jetty.start();
        port = c.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    OkHttpClient client() {
        return TlcpOkHttp.client(TlcpContexts.client().trustAnchor(ca.certificate())
                .keyStore(store, null, SoftToken.CONTAINER).build(), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    @Test
    @Order(1)
    void okHttpGetReturns200WithTheTokenKey() throws Exception {
        try (okhttp3.Response r = client().newCall(new okhttp3.Request.Builder()
                .url("https://127.0.0.1:" + port + "/").build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).contains("CN=运维管理员王五");
            assertThat(r.handshake().cipherSuite().javaName()).isEqualTo("ECC_SM4_GCM_SM3");
        }
    }

    @Test
    @Order(2)
    void pullingTheUkeyBeforeTheHandshakeGivesAClearError() throws Exception {
        OkHttpClient client = client();
        token.remove();
        assertThatThrownBy(() -> client.newCall(new okhttp3.Request.Builder()
                .url("https://127.0.0.1:" + port + "/").build()).execute())
                .satisfies(ex -> {
                    var e = new TlcpErrorTranslator(Locale.SIMPLIFIED_CHINESE).translate(ex);
                    System.out.println("removed: " + e);
                    assertThat(e.failure()).isEqualTo(TlcpFailure.TOKEN_FAILED);
                    assertThat(e.message()).contains("UKEY");
                });
    }
}
