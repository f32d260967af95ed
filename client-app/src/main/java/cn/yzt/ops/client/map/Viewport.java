package cn.yzt.ops.client.map;

import org.locationtech.jts.geom.Envelope;

/**
 * What the view shows: centre in world units, a zoom level of {@link TileGrid}, and the size in
 * pixels. Immutable; the view model swaps whole viewports, so a render request can never see
 * half an update.
 */
public record Viewport(double centerX, double centerY, int zoom, double width, double height) {
    public Viewport {
        if (width < 0 || height < 0) throw new IllegalArgumentException("negative size");
        zoom = TileGrid.clampZoom(zoom);
    }

    public double resolution() {
        return TileGrid.resolution(zoom);
    }

    public double minX() {
        return centerX - width * resolution() / 2;
    }

    public double maxX() {
        return centerX + width * resolution() / 2;
    }

    public double minY() {
        return centerY - height * resolution() / 2;
    }

    public double maxY() {
        return centerY + height * resolution() / 2;
    }

    public Envelope worldEnvelope() {
        return new Envelope(minX(), maxX(), minY(), maxY());
    }

    public double toScreenX(double worldX) {
        return (worldX - minX()) / resolution();
    }

    public double toScreenY(double worldY) {
        return (maxY() - worldY) / resolution();
    }

    public double toWorldX(double screenX) {
        return minX() + screenX * resolution();
    }

    public double toWorldY(double screenY) {
        return maxY() - screenY * resolution();
    }

    /** The content follows the pointer: dragging right by dx shows what was left of the centre. */
    public Viewport panBy(double dxPixels, double dyPixels) {
        return new Viewport(centerX - dxPixels * resolution(), centerY + dyPixels * resolution(), zoom, width, height);
    }

    /** Zooms to {@code newZoom} keeping the world point under screen point (sx, sy) where it is. */
    public Viewport zoomAbout(double sx, double sy, int newZoom) {
        int z = TileGrid.clampZoom(newZoom);
        double wx = toWorldX(sx), wy = toWorldY(sy);
        double r = TileGrid.resolution(z);
        double cx = wx - sx * r + width * r / 2;
        double cy = wy + sy * r - height * r / 2;
        return new Viewport(cx, cy, z, width, height);
    }

    public Viewport withSize(double w, double h) {
        return new Viewport(centerX, centerY, zoom, w, h);
    }

    /** The viewport of this size that shows {@code world} whole, with {@code paddingPx} around it. */
    public static Viewport fit(Envelope world, double width, double height, double paddingPx) {
        double w = Math.max(1, width - 2 * paddingPx), h = Math.max(1, height - 2 * paddingPx);
        double res = Math.max(world.getWidth() / w, world.getHeight() / h);
        int zoom = res <= 0 ? TileGrid.MAX_ZOOM : TileGrid.zoomForResolution(res);
        return new Viewport(world.centre().x, world.centre().y, zoom, width, height);
    }
}
