package cn.yzt.ops.protocol.map;

import org.locationtech.jts.geom.Envelope;

/** A longitude/latitude bounding box in degrees (EPSG:4490). */
public record Extent(double minLon, double minLat, double maxLon, double maxLat) {
    public Extent {
        if (!(minLon <= maxLon && minLat <= maxLat)) {
            throw new IllegalArgumentException("empty extent: " + minLon + "," + minLat + " " + maxLon + "," + maxLat);
        }
    }

    public static Extent of(Envelope e) {
        return new Extent(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
    }

    public Envelope toEnvelope() {
        return new Envelope(minLon, maxLon, minLat, maxLat);
    }
}
