package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

class ViewportTest {
    private final Viewport v = new Viewport(91.3, 23.9, 20, 800, 600);

    @Test
    void screenAndWorldAreInverse() {
        assertThat(v.toScreenX(v.centerX())).isCloseTo(400, offset(1e-9));
        assertThat(v.toScreenY(v.centerY())).isCloseTo(300, offset(1e-9));
        assertThat(v.toWorldX(v.toScreenX(91.31))).isCloseTo(91.31, offset(1e-12));
        assertThat(v.toWorldY(v.toScreenY(23.95))).isCloseTo(23.95, offset(1e-12));
        assertThat(v.toScreenY(v.maxY())).isZero(); // y grows downwards on screen
    }

    @Test
    void panMovesContentWithThePointer() {
        double wx = v.toWorldX(100), wy = v.toWorldY(100);
        Viewport p = v.panBy(30, -20);
        assertThat(p.toScreenX(wx)).isCloseTo(130, offset(1e-9));
        assertThat(p.toScreenY(wy)).isCloseTo(80, offset(1e-9));
        assertThat(p.zoom()).isEqualTo(v.zoom());
    }

    @Test
    void zoomAboutKeepsThePointUnderTheCursor() {
        for (int dz : new int[] {1, -1, 3, -5}) {
            double wx = v.toWorldX(123), wy = v.toWorldY(456);
            Viewport z = v.zoomAbout(123, 456, v.zoom() + dz);
            assertThat(z.zoom()).isEqualTo(v.zoom() + dz);
            assertThat(z.toScreenX(wx)).isCloseTo(123, offset(1e-6));
            assertThat(z.toScreenY(wy)).isCloseTo(456, offset(1e-6));
        }
    }

    @Test
    void zoomIsClampedToTheGrid() {
        assertThat(v.zoomAbout(0, 0, 999).zoom()).isEqualTo(TileGrid.MAX_ZOOM);
        assertThat(v.zoomAbout(0, 0, -5).zoom()).isEqualTo(TileGrid.MIN_ZOOM);
    }

    @Test
    void fitShowsTheWholeEnvelopeAtTheFinestLevelThatFits() {
        Envelope e = new Envelope(90.7, 92.0, 23.0, 24.8);
        Viewport f = Viewport.fit(e, 800, 600, 20);
        assertThat(f.worldEnvelope().contains(e)).isTrue();
        Viewport finer = new Viewport(f.centerX(), f.centerY(), f.zoom() + 1, 800 - 40, 600 - 40);
        assertThat(finer.worldEnvelope().contains(e)).isFalse();
    }
}
