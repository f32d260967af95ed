package cn.yzt.ops.server.map;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;

/** What the server serves: the verified layers in drawing order and parcels by code. Immutable. */
public final class MapCatalog {

    private final Map<String, LayerIndex> layers = new LinkedHashMap<>();
    private final Map<String, Feature> parcels = new HashMap<>();
    private final int withheld;

    MapCatalog(List<LayerIndex> ordered, int withheld) {
        for (LayerIndex l : ordered) {
            layers.put(l.descriptor().id(), l);
        }
        for (LayerIndex l : ordered) {
            for (Feature f : l.features()) {
                String code = f.attribute(Attributes.PARCEL_CODE);
                if (code != null) {
                    parcels.putIfAbsent(FeatureSealer.normalizeCode(code), f);
                }
            }
        }
        this.withheld = withheld;
    }

    public List<LayerDescriptor> descriptors() {
        return layers.values().stream().map(LayerIndex::descriptor).toList();
    }

    public Optional<LayerIndex> layer(String id) {
        return Optional.ofNullable(layers.get(id));
    }

    public Optional<Feature> parcel(String code) {
        return Optional.ofNullable(parcels.get(FeatureSealer.normalizeCode(code)));
    }

    /** Features that failed verification at load and are not served. */
    public int withheld() {
        return withheld;
    }
}
