package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.GeometryType;
import cn.yzt.ops.protocol.map.LayerStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Draws one layer into one 256-pixel tile with Java2D (off the FX thread; a JavaFX Canvas may
 * only be drawn on the FX thread once shown). Level of detail by on-screen size: features under
 * {@link #TINY_PX} are skipped (noise at small scales); features under {@link #DOT_PX} are drawn
 * as a dot of their envelope, which looks the same and costs a fraction of rasterizing a path.
 */
final class TileRenderer {
    static final double TINY_PX = 1.0;
    static final double DOT_PX = 4.0;
    private static final int CANCEL_CHECK_EVERY = 256;

    private final DisplayProjection projection;

    TileRenderer(DisplayProjection projection) {
        this.projection = projection;
    }

    /** The tile, or null when no feature of the layer touches it. */
    BufferedImage render(LayerIndex layer, int zoom, int tx, int ty, BooleanSupplier cancelled) {
        double res = TileGrid.resolution(zoom);
        double minX = TileGrid.tileMinX(tx, zoom), maxY = TileGrid.tileMaxY(ty, zoom);
        double span = TileGrid.TILE_SIZE * res;
        LayerStyle style = layer.descriptor().style();
        double margin = (style.strokeWidth() + 1) * res; // strokes spill over the tile edge
        Envelope lonLat = new Envelope(projection.toLon(minX - margin), projection.toLon(minX + span + margin),
                maxY - span - margin, maxY + margin);
        List<Feature> hits = layer.query(lonLat);
        if (hits.isEmpty()) return null;

        ScreenTransform t = new ScreenTransform(projection, minX, maxY, res);
        double degPerPx = res; // latitude degrees per pixel, used as the simplification tolerance
        BufferedImage img = new BufferedImage(TileGrid.TILE_SIZE, TileGrid.TILE_SIZE, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Color fill = new Color(style.fillArgb(), true);
            Color stroke = new Color(style.strokeArgb(), true);
            boolean polygons = layer.descriptor().geometryType() == GeometryType.POLYGON;
            g.setStroke(new BasicStroke((float) style.strokeWidth()));
            int drawn = 0;
            for (int i = 0; i < hits.size(); i++) {
                if (i % CANCEL_CHECK_EVERY == 0 && cancelled.getAsBoolean()) throw new CancellationException();
                Feature f = hits.get(i);
                Envelope e = f.geometry().getEnvelopeInternal();
                double wPx = e.getWidth() * t.pixelsPerLon(), hPx = e.getHeight() * t.pixelsPerLat();
                if (wPx < TINY_PX && hPx < TINY_PX) continue;
                if (wPx < DOT_PX && hPx < DOT_PX) {
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                    g.setColor(stroke);
                    int x0 = (int) Math.floor(t.x(e.getMinX())), y0 = (int) Math.floor(t.y(e.getMaxY()));
                    int x1 = (int) Math.ceil(t.x(e.getMaxX())), y1 = (int) Math.ceil(t.y(e.getMinY()));
                    g.fillRect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    drawn++;
                    continue;
                }
                Geometry geom = layer.simplified().geometryFor(f, zoom, degPerPx);
                Path2D.Double path = GeometryPainter.toPath(geom, t);
                if (polygons && fill.getAlpha() > 0) {
                    g.setColor(fill);
                    g.fill(path);
                }
                if (style.strokeWidth() > 0) {
                    g.setColor(stroke);
                    g.draw(path);
                }
                drawn++;
            }
            return drawn == 0 ? null : img;
        } finally {
            g.dispose();
        }
    }
}
