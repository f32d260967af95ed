package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class TileGridTest {
    @Test
    void fourLevelsPerHalving() {
        assertThat(TileGrid.resolution(0)).isEqualTo(0.04);
        assertThat(TileGrid.resolution(4)).isCloseTo(0.02, offset(1e-15));
        assertThat(TileGrid.resolution(1) / TileGrid.resolution(2)).isCloseTo(Math.pow(2, 0.25), offset(1e-12));
    }

    @Test
    void zoomForResolutionPicksTheFinestLevelNotFinerThanAsked() {
        for (int z = 0; z <= TileGrid.MAX_ZOOM; z++) {
            assertThat(TileGrid.zoomForResolution(TileGrid.resolution(z))).isEqualTo(z);
            assertThat(TileGrid.zoomForResolution(TileGrid.resolution(z) * 0.99)).isEqualTo(z);
            assertThat(TileGrid.zoomForResolution(TileGrid.resolution(z) * 1.01)).isEqualTo(Math.max(z - 1, 0));
        }
    }

    @Test
    void tileIndicesAndEdgesAgree() {
        int z = 17;
        double span = TileGrid.TILE_SIZE * TileGrid.resolution(z);
        assertThat(TileGrid.tileX(TileGrid.tileMinX(5, z), z)).isEqualTo(5);
        assertThat(TileGrid.tileX(TileGrid.tileMinX(5, z) - span * 1e-9, z)).isEqualTo(4);
        assertThat(TileGrid.tileY(TileGrid.tileMaxY(-3, z) - span * 0.5, z)).isEqualTo(-3);
        assertThat(TileGrid.tileMaxY(2, z) - TileGrid.tileMaxY(3, z)).isCloseTo(span, offset(1e-12));
    }

    @Test
    void tileRangeCoversTheViewportExactly() {
        Viewport v = new Viewport(91.31, 23.87, 24, 1000, 700);
        int[] r = TileGrid.tileRange(v);
        int z = v.zoom();
        assertThat(TileGrid.tileMinX(r[0], z)).isLessThanOrEqualTo(v.minX());
        assertThat(TileGrid.tileMinX(r[2] + 1, z)).isGreaterThanOrEqualTo(v.maxX());
        assertThat(TileGrid.tileMaxY(r[1], z)).isGreaterThanOrEqualTo(v.maxY());
        assertThat(TileGrid.tileMaxY(r[3] + 1, z)).isLessThanOrEqualTo(v.minY());
        int cols = r[2] - r[0] + 1, rows = r[3] - r[1] + 1;
        assertThat(cols).isBetween(4, 5); // 1000 px over 256-px tiles
        assertThat(rows).isBetween(3, 4);
    }
}
