package cn.yzt.ops.tlcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

/** Every reason has a sentence in both languages, and the two bundles have the same keys. */
class MessagesTest {

    @Test
    void bundlesAreComplete() {
        for (String base : new String[] {"cn.yzt.ops.tlcp.messages", "cn.yzt.ops.tlcp.cli.messages",
            "cn.yzt.ops.tlcp.cli.pki"}) {
            ResourceBundle en = ResourceBundle.getBundle(base, Locale.ROOT);
            ResourceBundle zh = ResourceBundle.getBundle(base, Locale.SIMPLIFIED_CHINESE);
            assertThat(zh.getLocale()).as(base).isEqualTo(Locale.SIMPLIFIED_CHINESE);
            assertThat(zh.keySet()).as(base).containsExactlyInAnyOrderElementsOf(en.keySet());
        }
        for (TlcpFailure f : TlcpFailure.values()) {
            String en = Messages.get(Locale.ENGLISH, "failure." + f.name(), "x");
            String zh = Messages.get(Locale.SIMPLIFIED_CHINESE, "failure." + f.name(), "x");
            assertThat(en).as(f.name()).doesNotStartWith("failure.");
            assertThat(zh).as(f.name()).isNotEqualTo(en).doesNotStartWith("failure.");
        }
    }

    @Test
    void hostnamesMatchSubjectAltNamesOnly() {
        assertThat(HostnameMatcher.dnsMatches("ops.example.cn", "ops.example.cn")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("OPS.example.cn.", "ops.example.cn")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("a.example.cn", "*.example.cn")).isTrue();
        assertThat(HostnameMatcher.dnsMatches("a.b.example.cn", "*.example.cn")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("example.cn", "*.example.cn")).isFalse();
        assertThat(HostnameMatcher.dnsMatches("x.cn", "*.cn")).isFalse();
        assertThat(HostnameMatcher.matches("127.0.0.1", TestPki.INSTANCE.server.signCert())).isTrue();
        assertThat(HostnameMatcher.matches("localhost", TestPki.INSTANCE.server.signCert())).isTrue();
        assertThat(HostnameMatcher.matches("127.0.0.2", TestPki.INSTANCE.server.signCert())).isFalse();
        assertThat(HostnameMatcher.matches(null, TestPki.INSTANCE.server.signCert())).isFalse();
    }

    @Test
    void peerAlertsAndSocketErrorsAreTranslated() {
        TlcpErrorTranslator t = new TlcpErrorTranslator(Locale.ENGLISH);
        assertThat(t.translate(new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_revoked"))
                .failure()).isEqualTo(TlcpFailure.REJECTED_REVOKED);
        assertThat(t.translate(new javax.net.ssl.SSLHandshakeException("Received fatal alert: protocol_version"))
                .failure()).isEqualTo(TlcpFailure.NOT_TLCP);
        assertThat(t.translate(new java.net.SocketTimeoutException("Read timed out")).failure())
                .isEqualTo(TlcpFailure.TIMEOUT);
        assertThat(t.translate(new java.net.UnknownHostException("nowhere")).failure())
                .isEqualTo(TlcpFailure.CONNECT_FAILED);
        assertThat(t.translate(new javax.net.ssl.SSLException("Unsupported handshake message: server_hello_done"))
                .failure()).isEqualTo(TlcpFailure.ECDHE_WITH_TOKEN_KEY);
        TlcpError other = t.translate(new IllegalStateException("boom"));
        assertThat(other.failure()).isEqualTo(TlcpFailure.OTHER);
        assertThat(other.message()).contains("boom");
    }
}
