package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ScaleBarMathTest {
    @Test
    void niceLengths() {
        assertThat(ScaleBarMath.niceLength(10, 140)).isEqualTo(1000); // 1 400 m fits 1 km
        assertThat(ScaleBarMath.niceLength(1, 140)).isEqualTo(100);
        assertThat(ScaleBarMath.niceLength(3, 140)).isEqualTo(200);
        assertThat(ScaleBarMath.niceLength(0.04, 140)).isCloseTo(5, offset(1e-9));
    }

    @Test
    void scaleUsesTheStandardPixel() {
        assertThat(ScaleBarMath.scaleDenominator(28)).isCloseTo(100_000, offset(1e-6));
    }
}
