package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.MapDataset;
import cn.yzt.ops.protocol.map.MapLayer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;

/** A {@link MapDataSource} over a dataset held in memory (the generated demo data). */
public final class InMemoryMapDataSource implements MapDataSource {
    private final MapDataset dataset;
    private final Map<String, Feature> parcelsByCode = new HashMap<>();

    public InMemoryMapDataSource(MapDataset dataset) {
        this.dataset = dataset;
        for (MapLayer l : dataset.layers()) {
            if (!l.descriptor().id().equals(DemoLayers.PARCEL)) continue;
            for (Feature f : l.features()) parcelsByCode.put(f.attribute(Attributes.PARCEL_CODE), f);
        }
    }

    @Override
    public List<LayerDescriptor> layers() {
        return dataset.layers().stream().map(MapLayer::descriptor).toList();
    }

    @Override
    public List<Feature> features(String layerId, Extent bbox) {
        Envelope env = bbox.toEnvelope();
        return dataset.layer(layerId).features().stream()
                .filter(f -> env.intersects(f.geometry().getEnvelopeInternal()))
                .toList();
    }

    @Override
    public Optional<Feature> findParcel(String parcelCode) {
        return Optional.ofNullable(parcelsByCode.get(parcelCode.trim()));
    }
}
