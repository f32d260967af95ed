package cn.yzt.ops.protocol.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.json.Jcs;

class LoginStatementTest {

    @Test
    void canonicalFormHasSortedKeysAndNoWhitespace() {
        byte[] b = new LoginStatement("zhang.san", new byte[] {1, 2, 3}, "yzt-ops-1", new byte[] {(byte) 0xAB},
                Instant.parse("2026-11-27T10:00:00Z")).toCanonicalJson();
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(
                "{\"clientTime\":\"2026-11-27T10:00:00Z\",\"nonce\":\"AQID\",\"purpose\":\"login\","
                        + "\"serverCertSm3\":\"ab\",\"serverId\":\"yzt-ops-1\",\"username\":\"zhang.san\"}");
        assertThat(Jcs.isCanonical(b)).isTrue();
    }

    @Test
    void nonCanonicalAndInvalidJsonAreRecognized() {
        assertThat(Jcs.isCanonical("{ \"a\":1}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Jcs.isCanonical("{\"b\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Jcs.isCanonical("{\"a\":".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Jcs.quote("a\"b\u0001")).isEqualTo("\"a\\\"b\\u0001\"");
    }
}
