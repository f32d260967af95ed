package cn.yzt.ops.client.map;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Least-recently-used cache of rendered tiles. An empty tile is cached as {@code Optional.empty()}
 * (no pixels kept). Bounded by tile count: a 256² ARGB tile is 256 KiB, so the default 400 tiles
 * stay near 100 MiB.
 */
final class TileCache {
    private final int maxTiles;
    private final Map<TileKey, Optional<BufferedImage>> map;

    TileCache(int maxTiles) {
        this.maxTiles = maxTiles;
        this.map = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TileKey, Optional<BufferedImage>> eldest) {
                return size() > TileCache.this.maxTiles;
            }
        };
    }

    /** null when not cached; an empty Optional for a cached empty tile. */
    synchronized Optional<BufferedImage> get(TileKey key) {
        return map.get(key);
    }

    synchronized void put(TileKey key, BufferedImage tileOrNull) {
        map.put(key, Optional.ofNullable(tileOrNull));
    }

    synchronized void clear() {
        map.clear();
    }

    synchronized int size() {
        return map.size();
    }
}
