package cn.yzt.ops.tlcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal issue 8 lists, on real loopback handshakes, with the error each side reports. */
class TlcpRefusalTest {

    static final TestPki PKI = TestPki.INSTANCE;
    static final TlcpErrorTranslator EN = new TlcpErrorTranslator(Locale.ENGLISH);
    static final TlcpErrorTranslator ZH = new TlcpErrorTranslator(Locale.SIMPLIFIED_CHINESE);

    /** What the client and the server saw. */
    record Outcome(TlcpError client, TlcpError server) {
    }

    @BeforeAll
    static void providers() {
        TlcpProviders.install();
    }

    static Outcome handshake(TlcpServerContext server, TlcpClientContext client) throws Exception {
        try (LoopbackServer srv = new LoopbackServer(server);
             SSLSocket s = (SSLSocket) client.socketFactory().createSocket("127.0.0.1", srv.port())) {
            s.setSoTimeout(10_000);
            TlcpError clientError = null;
            try {
                s.startHandshake();
                // A server refusing the client's certificate says so after the client's Finished.
                s.getOutputStream().write('\n');
                s.getOutputStream().flush();
                if (s.getInputStream().read() < 0) {
                    throw new java.io.EOFException("closed by server");
                }
            } catch (Exception ex) {
                clientError = EN.translate(ex);
            }
            Throwable se = srv.serverError();
            Outcome o = new Outcome(clientError, se == null ? null : EN.translate(se));
            System.out.println("client: " + o.client() + "\nserver: " + o.server());
            return o;
        }
    }

    /** The alert may lose the race against the server's close: either way it is a refusal. */
    static void assertRejectedByServer(Outcome o) {
        assertThat(o.client().failure()).isIn(TlcpFailure.REJECTED_CERTIFICATE, TlcpFailure.REJECTED_BY_PEER);
    }

    @Test
    void clientWithoutCertificate() throws Exception {
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), PKI.clientBuilder(null).build());
        assertThat(o.server().failure()).isEqualTo(TlcpFailure.NO_CLIENT_CERTIFICATE);
        assertThat(o.client().failure()).isIn(TlcpFailure.REJECTED_NO_CERTIFICATE, TlcpFailure.REJECTED_BY_PEER);
    }

    @Test
    void clientCertificateFromUntrustedCa() throws Exception {
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), PKI.clientBuilder(PKI.foreignClient).build());
        assertThat(o.server().failure()).isEqualTo(TlcpFailure.UNTRUSTED_ISSUER);
        assertRejectedByServer(o);
    }

    @Test
    void revokedClientCertificate() throws Exception {
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), PKI.clientBuilder(PKI.revokedClient).build());
        assertThat(o.server().failure()).isEqualTo(TlcpFailure.REVOKED);
        assertThat(o.server().message()).contains("revoked");
        assertRejectedByServer(o);
    }

    @Test
    void expiredClientCertificate() throws Exception {
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), PKI.clientBuilder(PKI.expiredClient).build());
        assertThat(o.server().failure()).isEqualTo(TlcpFailure.EXPIRED);
        assertRejectedByServer(o);
        assertThat(ZH.translate(new TlcpCertificateException(TlcpFailure.EXPIRED, "x", null)).message())
                .contains("证书已过期");
    }

    @Test
    void serverNameMismatch() throws Exception {
        Outcome o = handshake(PKI.serverBuilder(PKI.wrongNameServer).build(), PKI.clientBuilder(PKI.client).build());
        assertThat(o.client().failure()).isEqualTo(TlcpFailure.NAME_MISMATCH);
        assertThat(o.client().message()).contains("server's certificate does not belong to the address");
    }

    @Test
    void untrustedServer() throws Exception {
        TlcpClientContext client = TlcpContexts.client().trustAnchor(PKI.otherCa.certificate())
                .keys(PKI.client.sign().getPrivate(), PKI.client.signChain(), PKI.client.enc().getPrivate(),
                        PKI.client.encChain()).build();
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), client);
        assertThat(o.client().failure()).isEqualTo(TlcpFailure.UNTRUSTED_ISSUER);
    }

    @Test
    void pinnedServerCertificateMismatch() throws Exception {
        TlcpClientContext client = PKI.clientBuilder(PKI.client).pinServerSignCertificate(new byte[32]).build();
        Outcome o = handshake(PKI.serverBuilder(PKI.server).build(), client);
        assertThat(o.client().failure()).isEqualTo(TlcpFailure.PIN_MISMATCH);
    }

    @Test
    void plainTlsClientAgainstTlcpPort() throws Exception {
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            TlcpServerContext server = PKI.serverBuilder(PKI.server).build();
            try (LoopbackServer srv = new LoopbackServer(server)) {
                SSLContext jdk = SSLContext.getInstance(version);
                jdk.init(null, null, null);
                try (SSLSocket s = (SSLSocket) jdk.getSocketFactory().createSocket("127.0.0.1", srv.port())) {
                    s.setEnabledProtocols(new String[] {version});
                    s.setSoTimeout(10_000);
                    assertThatThrownBy(s::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
                }
                TlcpError server1 = EN.translate(srv.serverError());
                System.out.println(version + " server: " + server1);
                assertThat(server1.failure()).isEqualTo(TlcpFailure.NOT_TLCP);
            }
        }
    }

    @Test
    void tlcpClientAgainstPlainTlsServer() throws Exception {
        SSLContext jdk = SSLContext.getInstance("TLSv1.3");
        jdk.init(null, null, null);
        try (SSLServerSocket ss = (SSLServerSocket) jdk.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (SSLSocket a = (SSLSocket) ss.accept()) {
                    a.startHandshake();
                } catch (Exception ignored) {
                    // expected: the TLCP ClientHello is refused
                }
            });
            t.setDaemon(true);
            t.start();
            TlcpClientContext client = PKI.clientBuilder(PKI.client).build();
            try (SSLSocket s = (SSLSocket) client.socketFactory().createSocket("127.0.0.1", ss.getLocalPort())) {
                s.setSoTimeout(10_000);
                TlcpError e = null;
                try {
                    s.startHandshake();
                } catch (Exception ex) {
                    e = ZH.translate(ex);
                }
                System.out.println("tlcp->tls client: " + e);
                assertThat(e).isNotNull();
                assertThat(e.failure()).isEqualTo(TlcpFailure.NOT_TLCP);
                assertThat(e.message()).contains("TLCP");
            }
        }
    }

    @Test
    void ecdheWithTokenKeyIsRefusedClearly() {
        TlcpContexts.ClientBuilder b = TlcpContexts.client().trustAnchor(PKI.ca.certificate())
                .keys(new HandleKey(), PKI.client.signChain(), new HandleKey(), PKI.client.encChain())
                .suites(List.of(TlcpSuites.ECDHE_SM4_GCM_SM3, TlcpSuites.ECC_SM4_GCM_SM3));
        assertThatThrownBy(b::build).isInstanceOfSatisfying(TlcpConfigurationException.class, ex -> {
            assertThat(ex.failure()).isEqualTo(TlcpFailure.ECDHE_WITH_TOKEN_KEY);
            assertThat(ZH.translate(ex).message()).contains("ECDHE", "UKEY");
        });
        // The token-safe default builds.
        assertThat(TlcpContexts.client().trustAnchor(PKI.ca.certificate())
                .keys(new HandleKey(), PKI.client.signChain(), new HandleKey(), PKI.client.encChain())
                .build().suites()).isEqualTo(TlcpSuites.TOKEN_SAFE);
    }
}
