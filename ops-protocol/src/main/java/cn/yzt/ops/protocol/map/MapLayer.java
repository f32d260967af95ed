package cn.yzt.ops.protocol.map;

import java.util.List;
import java.util.Objects;

/** A layer's descriptor with all its features. */
public record MapLayer(LayerDescriptor descriptor, List<Feature> features) {
    public MapLayer {
        Objects.requireNonNull(descriptor, "descriptor");
        features = List.copyOf(features);
    }
}
