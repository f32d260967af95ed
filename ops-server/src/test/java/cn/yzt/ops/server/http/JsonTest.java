package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.api.LoginRequest;

class JsonTest {

    @Test
    void loginRequestParsesWithCharArrayPassword() throws Exception {
        byte[] b = "{\"challengeId\":\"a\",\"statement\":\"b\",\"signature\":\"c\",\"certificate\":\"d\",\"password\":\"pw\"}"
                .getBytes(StandardCharsets.UTF_8);
        LoginRequest r = Json.MAPPER.readValue(b, LoginRequest.class);
        assertThat(new String(r.password())).isEqualTo("pw");
    }

    @Test
    void duplicatesUnknownAndWrongTypesAreRefused() {
        assertThatThrownBy(() -> Json.read("{\"username\":\"a\",\"username\":\"b\"}".getBytes(StandardCharsets.UTF_8),
                cn.yzt.ops.protocol.api.ChallengeRequest.class)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Json.read("{\"username\":1}".getBytes(StandardCharsets.UTF_8),
                cn.yzt.ops.protocol.api.ChallengeRequest.class)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Json.read("{\"username\":\"a\",\"extra\":1}".getBytes(StandardCharsets.UTF_8),
                cn.yzt.ops.protocol.api.ChallengeRequest.class)).isInstanceOf(ApiException.class);
    }
}
