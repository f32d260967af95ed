package cn.yzt.ops.protocol.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.densify.Densifier;

class MeasureTest {
    // GRS80 (CGCS2000 differs in f by 1e-10, far below these tolerances).
    private static final double A = 6378137.0;
    private static final double F = 1 / 298.257222101;
    private static final double E2 = F * (2 - F);

    @Test
    void lincangZones() {
        assertThat(GaussKruger.centralMeridianFor(99.2)).isEqualTo(99);
        assertThat(GaussKruger.centralMeridianFor(100.49)).isEqualTo(99);
        assertThat(GaussKruger.centralMeridianFor(100.51)).isEqualTo(102);
        assertThat(GaussKruger.epsgCode(99)).isEqualTo(4542);
        assertThat(GaussKruger.epsgCode(102)).isEqualTo(4543);
        assertThat(GaussKruger.epsgCode(75)).isEqualTo(4534);
        assertThat(GaussKruger.epsgCode(135)).isEqualTo(4554);
        assertThatThrownBy(() -> GaussKruger.epsgCode(100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void centralMeridianMapsToMeridianArc() {
        GaussKruger gk = GaussKruger.zone(99);
        double[] eq = gk.project(99, 0);
        assertThat(eq[0]).isCloseTo(500_000, offset(1e-3));
        assertThat(eq[1]).isCloseTo(0, offset(1e-3));
        // On the central meridian (k = 1) northing is the meridian arc length.
        double[] p = gk.project(99, 24);
        assertThat(p[0]).isCloseTo(500_000, offset(1e-3));
        assertThat(p[1]).isCloseTo(meridianArc(Math.toRadians(24)), offset(0.01));
        // Independent check: Simpson's rule over the meridian radius of curvature gives ≈ 2 655 281 m.
        assertThat(p[1]).isCloseTo(2_655_288.65, offset(0.05));
    }

    @Test
    void roundTripAndScaleAwayFromCentralMeridian() {
        GaussKruger gk = GaussKruger.forLongitude(100.3);
        double[] p = gk.project(100.3, 23.9);
        double[] back = gk.unproject(p[0], p[1]);
        assertThat(back[0]).isCloseTo(100.3, offset(1e-9));
        assertThat(back[1]).isCloseTo(23.9, offset(1e-9));
        // 1.3° east of the CM: easting ≈ 500 km + N·cosφ·Δλ (first-order term), within 0.1 %.
        double phi = Math.toRadians(23.9);
        double n = A / Math.sqrt(1 - E2 * Math.sin(phi) * Math.sin(phi));
        assertThat(p[0] - 500_000).isCloseTo(n * Math.cos(phi) * Math.toRadians(1.3), offset(150.0));
    }

    @Test
    void equalAreaMatchesClosedFormQuadrangle() {
        GeometryFactory gf = new GeometryFactory();
        double lon0 = 100.0, lat0 = 23.9, d = 0.01;
        Geometry cell = Densifier.densify(gf.toGeometry(new Envelope(lon0, lon0 + d, lat0, lat0 + d)), 0.001);
        double expected = quadrangleArea(Math.toRadians(lat0), Math.toRadians(lat0 + d), Math.toRadians(d));
        assertThat(EqualAreaCalculator.forLincang().areaM2(cell)).isCloseTo(expected, offset(expected * 1e-6));
        assertThat(expected).isBetween(1_000_000.0, 1_200_000.0); // ≈ 1.13 km²
    }

    /** Meridian arc length (Helmert series). */
    private static double meridianArc(double phi) {
        double n = F / (2 - F);
        double n2 = n * n, n3 = n2 * n, n4 = n3 * n;
        double a0 = A / (1 + n) * (1 + n2 / 4 + n4 / 64);
        return a0 * (phi - (3 * n / 2 - 9 * n3 / 16) * Math.sin(2 * phi) + (15 * n2 / 16 - 15 * n4 / 32) * Math.sin(4 * phi)
                - (35 * n3 / 48) * Math.sin(6 * phi) + (315 * n4 / 512) * Math.sin(8 * phi));
    }

    /** Area on the ellipsoid between two parallels over dLambda: b²·Δλ/2·[q(φ2) − q(φ1)]. */
    private static double quadrangleArea(double phi1, double phi2, double dLambda) {
        double b2 = A * A * (1 - E2);
        return b2 * dLambda / 2 * (q(phi2) - q(phi1));
    }

    private static double q(double phi) {
        double e = Math.sqrt(E2), s = Math.sin(phi);
        return s / (1 - E2 * s * s) + 1 / (2 * e) * Math.log((1 + e * s) / (1 - e * s));
    }
}
