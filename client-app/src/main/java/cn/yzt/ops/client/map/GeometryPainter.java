package cn.yzt.ops.client.map;

import java.awt.geom.Path2D;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * Turns a JTS geometry into a Java2D path in pixel space. Consecutive vertices closer than
 * {@link #MIN_STEP_PX} are dropped: at any zoom the path carries no detail finer than what the
 * pixel grid can show (the per-zoom vertex decimation that complements cached simplification).
 */
final class GeometryPainter {
    static final double MIN_STEP_PX = 0.5;

    private GeometryPainter() {
    }

    static Path2D.Double toPath(Geometry g, ScreenTransform t) {
        Path2D.Double path = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        append(g, t, path);
        return path;
    }

    private static void append(Geometry g, ScreenTransform t, Path2D.Double path) {
        if (g instanceof Polygon p) {
            ring(p.getExteriorRing(), t, path, true);
            for (int i = 0; i < p.getNumInteriorRing(); i++) ring(p.getInteriorRingN(i), t, path, true);
        } else if (g instanceof LineString l) {
            ring(l, t, path, false);
        } else {
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Geometry part = g.getGeometryN(i);
                if (part != g) append(part, t, path);
            }
        }
    }

    private static void ring(LineString line, ScreenTransform t, Path2D.Double path, boolean close) {
        CoordinateSequence seq = line.getCoordinateSequence();
        int n = seq.size();
        if (n == 0) return;
        double lastX = t.x(seq.getX(0)), lastY = t.y(seq.getY(0));
        path.moveTo(lastX, lastY);
        for (int i = 1; i < n; i++) {
            double x = t.x(seq.getX(i)), y = t.y(seq.getY(i));
            if (i < n - 1 && Math.abs(x - lastX) < MIN_STEP_PX && Math.abs(y - lastY) < MIN_STEP_PX) continue;
            path.lineTo(x, y);
            lastX = x;
            lastY = y;
        }
        if (close) path.closePath();
    }
}
