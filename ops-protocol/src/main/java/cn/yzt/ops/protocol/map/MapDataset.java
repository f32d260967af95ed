package cn.yzt.ops.protocol.map;

import java.util.List;
import java.util.NoSuchElementException;

/** Layers in drawing order (bottom first). */
public record MapDataset(List<MapLayer> layers) {
    public MapDataset {
        layers = List.copyOf(layers);
    }

    public MapLayer layer(String id) {
        return layers.stream().filter(l -> l.descriptor().id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no layer " + id));
    }
}
