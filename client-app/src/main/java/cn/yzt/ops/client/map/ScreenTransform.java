package cn.yzt.ops.client.map;

/**
 * Lon/lat to pixel coordinates of one raster (a tile or a frame) whose top-left corner is at
 * world ({@code originX}, {@code originY}), at {@code resolution} world units per pixel.
 */
public record ScreenTransform(DisplayProjection projection, double originX, double originY, double resolution) {
    public double x(double lon) {
        return (projection.toWorldX(lon) - originX) / resolution;
    }

    public double y(double lat) {
        return (originY - lat) / resolution;
    }

    /** Pixels per degree of longitude and of latitude (for sizing envelopes). */
    public double pixelsPerLon() {
        return projection.xScale() / resolution;
    }

    public double pixelsPerLat() {
        return 1 / resolution;
    }
}
