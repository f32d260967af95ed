package cn.yzt.ops.server.map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Per-zoom simplification. Zoom z is the web-map convention (256-px world at z = 0), so one pixel
 * is 360 / (256 * 2^z) degrees; the tolerance is half a pixel, which the eye cannot tell apart.
 * TopologyPreservingSimplifier keeps polygons valid (no collapsed or crossing rings).
 */
public final class ZoomSimplifier {

    public static final int MIN_ZOOM = 0;
    public static final int MAX_ZOOM = 22;
    /** Below this tolerance (about 1 cm) simplification only costs time: the data is snapped to 1e-7 degrees. */
    private static final double NEGLIGIBLE = 1e-7;

    private ZoomSimplifier() {
    }

    public static double tolerance(int zoom) {
        if (zoom < MIN_ZOOM || zoom > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom out of range");
        }
        return 360.0 / (256.0 * Math.pow(2, zoom)) / 2;
    }

    /** The geometry as drawn at TOLERANCE; unchanged when the tolerance is negligible or a ring has no vertex to spare. */
    public static Geometry simplify(Geometry g, double tolerance) {
        if (tolerance < NEGLIGIBLE || g.getNumPoints() <= 5) {
            return g;
        }
        return TopologyPreservingSimplifier.simplify(g, tolerance);
    }
}
