package cn.yzt.ops.client.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The login's clock check: the server's Date header against this computer's clock. */
class ClockSkewTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void skewIsReadFromTheDateHeader() {
        assertThat(LoginFlow.skew("Fri, 27 Nov 2026 10:07:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(450));
        assertThat(LoginFlow.skew("Fri, 27 Nov 2026 09:59:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(-60));
        assertThat(LoginFlow.skew(null, NOW)).isZero();
        assertThat(LoginFlow.skew("yesterday", NOW)).isZero();
    }

    @Test
    void beyondFourMinutesTheLoginStopsWithWhatToDo() {
        ApiText zh = new ApiText(Locale.SIMPLIFIED_CHINESE);
        assertThat(LoginFlow.tooFarApart(Duration.ofSeconds(-240), zh)).isNull();
        OpsApiException e = LoginFlow.tooFarApart(Duration.ofSeconds(-450), zh);
        assertThat(e.kind()).isEqualTo(OpsApiException.Kind.CLOCK_SKEW);
        assertThat(e.getMessage()).isEqualTo("本机时间与服务器相差 450 秒，超出允许范围：请校准本机时间（NTP）后再登录。");
        assertThat(LoginFlow.tooFarApart(Duration.ofSeconds(600), new ApiText(Locale.ENGLISH)).getMessage())
                .startsWith("This computer's clock differs from the server's by 600 seconds");
    }
}
