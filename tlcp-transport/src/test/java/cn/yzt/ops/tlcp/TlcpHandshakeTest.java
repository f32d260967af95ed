package cn.yzt.ops.tlcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TlcpHandshakeTest {

    static final TestPki PKI = TestPki.INSTANCE;

    @BeforeAll
    static void providers() {
        TlcpProviders.install();
    }

    @ParameterizedTest
    @ValueSource(strings = {TlcpSuites.ECC_SM4_GCM_SM3, TlcpSuites.ECC_SM4_CBC_SM3,
            TlcpSuites.ECDHE_SM4_GCM_SM3, TlcpSuites.ECDHE_SM4_CBC_SM3})
    void mutualAuthHandshakeWithSoftwareKeys(String suite) throws Exception {
        TlcpServerContext server = PKI.serverBuilder(PKI.server).build();
        TlcpClientContext client = PKI.clientBuilder(PKI.client).suites(List.of(suite)).build();
        try (LoopbackServer srv = new LoopbackServer(server);
             SSLSocket s = (SSLSocket) client.socketFactory().createSocket("127.0.0.1", srv.port())) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            s.getOutputStream().write("你好 TLCP\n".getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).isEqualTo("echo 你好 TLCP");

            SSLSession cs = s.getSession();
            assertThat(cs.getProtocol()).isEqualTo(TlcpSuites.PROTOCOL);
            assertThat(cs.getCipherSuite()).isEqualTo(suite);
            assertThat(TlcpSessions.peerSignCertificate(cs)).contains(PKI.server.signCert());

            SSLSession ss = srv.session.get(10, TimeUnit.SECONDS);
            X509Certificate seen = TlcpSessions.peerSignCertificate(ss).orElseThrow();
            assertThat(seen.getEncoded()).isEqualTo(PKI.client.signCert().getEncoded());
            assertThat(TlcpSessions.peerEncCertificate(ss).orElseThrow().getEncoded())
                    .isEqualTo(PKI.client.encCert().getEncoded());
        }
    }
}
