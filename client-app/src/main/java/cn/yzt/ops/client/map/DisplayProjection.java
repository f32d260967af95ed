package cn.yzt.ops.client.map;

/**
 * Lon/lat degrees to the flat "world" plane the view draws in: x = lon·cos φ0, y = lat (both in
 * degrees of latitude), an equirectangular projection true in scale along φ0. Over Lincang's
 * 1.8° of latitude the scale error stays under 1.5 %, which a planning browser tolerates;
 * measuring uses Gauss-Krüger instead.
 */
public final class DisplayProjection {
    /** Centre latitude of Lincang. */
    public static final DisplayProjection LINCANG = new DisplayProjection(23.9);

    private final double k;

    public DisplayProjection(double standardLatitude) {
        this.k = Math.cos(Math.toRadians(standardLatitude));
    }

    public double toWorldX(double lon) {
        return lon * k;
    }

    public double toLon(double worldX) {
        return worldX / k;
    }

    public double xScale() {
        return k;
    }
}
