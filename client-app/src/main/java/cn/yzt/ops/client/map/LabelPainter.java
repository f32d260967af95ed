package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * Draws feature labels onto a whole frame (not per tile, so no label is cut at a tile edge).
 * A label is drawn only when its feature is at least as wide as the text, and never over
 * another label; the count per frame is capped to keep dense views fast.
 */
final class LabelPainter {
    static final int MAX_LABELS = 300;
    static final double MIN_LABELLED_WIDTH_PX = 60;

    private final DisplayProjection projection;
    private final Font font;

    LabelPainter(DisplayProjection projection) {
        this.projection = projection;
        this.font = new Font(MapFonts.awtFamily(), Font.PLAIN, 13);
    }

    void paint(Graphics2D g, Viewport v, List<LayerDraw> layers) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        ScreenTransform t = new ScreenTransform(projection, v.minX(), v.maxY(), v.resolution());
        Envelope view = new Envelope(projection.toLon(v.minX()), projection.toLon(v.maxX()), v.minY(), v.maxY());
        List<Rectangle> taken = new ArrayList<>();
        // Top layer first: its labels (parcel codes) win over the ones below.
        for (int li = layers.size() - 1; li >= 0 && taken.size() < MAX_LABELS; li--) {
            LayerDraw layer = layers.get(li);
            String attr = layer.index().descriptor().style().labelAttribute();
            if (attr == null || layer.opacity() <= 0) continue;
            // A layer whose typical feature is narrower than a short label gets none: this skips
            // querying 100,000 parcels at city scale just to find that no code fits.
            if (layer.index().typicalWidth() * t.pixelsPerLon() < MIN_LABELLED_WIDTH_PX) continue;
            for (Feature f : layer.index().query(view)) {
                if (taken.size() >= MAX_LABELS) break;
                String text = f.attribute(attr);
                if (text == null) continue;
                Envelope e = f.geometry().getEnvelopeInternal();
                int w = fm.stringWidth(text);
                if (e.getWidth() * t.pixelsPerLon() < w + 4) continue;
                double lon, lat;
                if (f.geometry().getNumPoints() <= 16) {
                    lon = e.centre().x;
                    lat = e.centre().y;
                } else {
                    Point p = f.geometry().getInteriorPoint();
                    lon = p.getX();
                    lat = p.getY();
                }
                int x = (int) Math.round(t.x(lon) - w / 2.0), y = (int) Math.round(t.y(lat));
                Rectangle box = new Rectangle(x - 2, y - fm.getAscent() - 2, w + 4, fm.getHeight() + 4);
                if (taken.stream().anyMatch(box::intersects)) continue;
                taken.add(box);
                g.setColor(new Color(255, 255, 255, 200));
                g.drawString(text, x + 1, y + 1);
                g.setColor(new Color(40, 40, 40));
                g.drawString(text, x, y);
            }
        }
    }
}
