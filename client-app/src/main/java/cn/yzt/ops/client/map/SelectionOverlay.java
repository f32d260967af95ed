package cn.yzt.ops.client.map;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/** Outlines the selected feature over the map; one feature, so drawing on the FX thread is cheap. */
final class SelectionOverlay extends Canvas {
    private final MapViewModel vm;

    SelectionOverlay(MapViewModel vm) {
        this.vm = vm;
        setMouseTransparent(true);
        vm.viewportProperty().addListener((o, a, b) -> redraw());
        vm.selectionProperty().addListener((o, a, b) -> redraw());
        widthProperty().addListener((o, a, b) -> redraw());
        heightProperty().addListener((o, a, b) -> redraw());
    }

    private void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        Identified sel = vm.selectionProperty().get();
        // Hidden when empty: a full-size transparent canvas still costs a blend on every frame.
        setVisible(sel != null);
        if (sel == null) return;
        Viewport v = vm.getViewport();
        ScreenTransform t = new ScreenTransform(vm.projection(), v.minX(), v.maxY(), v.resolution());
        g.setStroke(Color.rgb(0, 200, 255));
        g.setLineWidth(3);
        g.setFill(Color.rgb(0, 200, 255, 0.25));
        draw(g, sel.feature().geometry(), t);
    }

    private static void draw(GraphicsContext g, Geometry geom, ScreenTransform t) {
        if (geom instanceof Polygon p) {
            g.beginPath();
            ring(g, p.getExteriorRing(), t);
            for (int i = 0; i < p.getNumInteriorRing(); i++) ring(g, p.getInteriorRingN(i), t);
            g.fill();
            g.stroke();
        } else if (geom instanceof LineString l) {
            g.beginPath();
            ring(g, l, t);
            g.stroke();
        } else {
            for (int i = 0; i < geom.getNumGeometries(); i++) {
                if (geom.getGeometryN(i) != geom) draw(g, geom.getGeometryN(i), t);
            }
        }
    }

    private static void ring(GraphicsContext g, LineString l, ScreenTransform t) {
        CoordinateSequence s = l.getCoordinateSequence();
        for (int i = 0; i < s.size(); i++) {
            double x = t.x(s.getX(i)), y = t.y(s.getY(i));
            if (i == 0) g.moveTo(x, y);
            else g.lineTo(x, y);
        }
    }
}
