package cn.yzt.ops.client.map;

/**
 * Discrete zoom levels and the tile grid: level z has resolution {@code 0.04 / 2^(z/4)} world
 * units (degrees of latitude) per pixel, so one wheel notch zooms by 2^(1/4) ≈ 1.19 and tiles
 * rendered at a level are reused pixel for pixel while panning. Tile (tx, ty) at level z covers
 * world x in [tx·S·r, (tx+1)·S·r) and world y in (−(ty+1)·S·r, −ty·S·r] (rows grow southwards).
 */
public final class TileGrid {
    public static final int TILE_SIZE = 256;
    public static final int MIN_ZOOM = 0;
    public static final int MAX_ZOOM = 56;
    private static final double BASE_RESOLUTION = 0.04;

    private TileGrid() {
    }

    public static double resolution(int zoom) {
        return BASE_RESOLUTION / Math.pow(2, zoom / 4.0);
    }

    public static int clampZoom(int zoom) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, zoom));
    }

    /** The finest level whose resolution is at least {@code resolution} (so content sized for it fits). */
    public static int zoomForResolution(double resolution) {
        double z = 4 * Math.log(BASE_RESOLUTION / resolution) / Math.log(2);
        return clampZoom((int) Math.floor(z + 1e-9));
    }

    public static int tileX(double worldX, int zoom) {
        return (int) Math.floor(worldX / (TILE_SIZE * resolution(zoom)));
    }

    public static int tileY(double worldY, int zoom) {
        return (int) Math.floor(-worldY / (TILE_SIZE * resolution(zoom)));
    }

    /** World x of a tile's left edge. */
    public static double tileMinX(int tx, int zoom) {
        return tx * TILE_SIZE * resolution(zoom);
    }

    /** World y of a tile's top edge. */
    public static double tileMaxY(int ty, int zoom) {
        return -ty * TILE_SIZE * resolution(zoom);
    }

    /** Tiles covering the viewport: {minTx, minTy, maxTx, maxTy} inclusive. */
    public static int[] tileRange(Viewport v) {
        int z = v.zoom();
        // A tiny epsilon keeps an exactly aligned right/bottom edge from pulling in one more column.
        double eps = resolution(z) * 1e-6;
        return new int[] {tileX(v.minX(), z), tileY(v.maxY(), z), tileX(v.maxX() - eps, z), tileY(v.minY() + eps, z)};
    }
}
