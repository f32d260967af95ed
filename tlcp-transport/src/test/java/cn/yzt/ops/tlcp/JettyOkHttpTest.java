package cn.yzt.ops.tlcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import org.eclipse.jetty.http.HttpHeader;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import okhttp3.OkHttpClient;

/** OkHttp (okhttp-jvm 5) over TLCP to a Jetty 12 server using the TLCP server context. */
class JettyOkHttpTest {

    static final TestPki PKI = TestPki.INSTANCE;
    static Server jetty;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        TlcpProviders.install();
        jetty = new Server();
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        http.addCustomizer(src);
        ServerConnector connector = new ServerConnector(jetty,
                new SslConnectionFactory(TlcpJetty.sslContextFactory(PKI.serverBuilder(PKI.server).build()), "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String who = TlcpJetty.clientSignCertificate(request)
                        .map(c -> c.getSubjectX500Principal().getName(X500Principal.RFC2253)).orElse("nobody");
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                response.write(true, StandardCharsets.UTF_8.encode("hello " + who), callback);
                return true;
            }
        });
        jetty.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    @Test
    void getReturns200AndTheHandlerSeesTheClientSignCertificate() throws Exception {
        for (String suite : TlcpSuites.TOKEN_SAFE) {
            OkHttpClient client = TlcpOkHttp.client(PKI.clientBuilder(PKI.client).suites(List.of(suite)).build(),
                    Duration.ofSeconds(5), Duration.ofSeconds(10));
            try (okhttp3.Response r = client.newCall(new okhttp3.Request.Builder()
                    .url("https://127.0.0.1:" + port + "/api/ping").build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.body().string()).isEqualTo("hello C=CN,O=YZT,CN=运维管理员张三");
                assertThat(r.handshake().cipherSuite().javaName()).isEqualTo(suite);
            }
            client.connectionPool().evictAll();
        }
    }

    @Test
    void okHttpFailuresAreTranslated() {
        OkHttpClient noCert = TlcpOkHttp.client(PKI.clientBuilder(null).build(), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        TlcpErrorTranslator zh = new TlcpErrorTranslator(Locale.SIMPLIFIED_CHINESE);
        assertThatThrownBy(() -> noCert.newCall(new okhttp3.Request.Builder()
                .url("https://127.0.0.1:" + port + "/").build()).execute())
                .satisfies(ex -> assertThat(zh.translate(ex).failure())
                        .isIn(TlcpFailure.REJECTED_NO_CERTIFICATE, TlcpFailure.REJECTED_BY_PEER));

        // A name the server's sign certificate does not carry, resolved to the same loopback server.
        OkHttpClient wrongName = TlcpOkHttp.builder(PKI.clientBuilder(PKI.client).build(), Duration.ofSeconds(5),
                Duration.ofSeconds(5)).dns(host -> List.of(java.net.InetAddress.getLoopbackAddress())).build();
        assertThatThrownBy(() -> wrongName.newCall(new okhttp3.Request.Builder()
                .url("https://console.wrong.example:" + port + "/").build()).execute())
                .satisfies(ex -> {
                    TlcpError e = zh.translate(ex);
                    assertThat(e.failure()).isEqualTo(TlcpFailure.NAME_MISMATCH);
                    assertThat(e.message()).contains("服务器证书与所连接的地址不符");
                });

        OkHttpClient closedPort = TlcpOkHttp.client(PKI.clientBuilder(PKI.client).build(), Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> closedPort.newCall(new okhttp3.Request.Builder()
                .url("https://127.0.0.1:1/").build()).execute())
                .satisfies(ex -> assertThat(zh.translate(ex).message()).contains("无法连接服务器"));
    }
}
