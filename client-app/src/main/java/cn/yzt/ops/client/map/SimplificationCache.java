package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Per-zoom simplified geometries of big features (county outlines, protection areas): simplified
 * once per zoom level to a quarter pixel, then reused by every tile of that level. Small
 * features (parcels) are drawn as they are: simplifying four corners costs more than it saves.
 */
final class SimplificationCache {
    static final int MIN_POINTS = 64;

    private final Map<Key, Geometry> cache = new ConcurrentHashMap<>();

    private record Key(String featureId, int zoom) {
    }

    Geometry geometryFor(Feature f, int zoom, double degreesPerPixel) {
        Geometry g = f.geometry();
        if (g.getNumPoints() < MIN_POINTS) return g;
        return cache.computeIfAbsent(new Key(f.id(), zoom),
                k -> TopologyPreservingSimplifier.simplify(g, degreesPerPixel / 4));
    }

    int size() {
        return cache.size();
    }
}
