package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import java.util.List;
import java.util.Optional;

/** Generates the demo dataset on first use (on the caller's, i.e. a background, thread). */
final class LazyDemoSource implements MapDataSource {
    private final DemoDataGenerator generator;
    private InMemoryMapDataSource delegate;

    LazyDemoSource(DemoDataGenerator generator) {
        this.generator = generator;
    }

    private synchronized InMemoryMapDataSource delegate() {
        if (delegate == null) delegate = new InMemoryMapDataSource(generator.generate());
        return delegate;
    }

    @Override
    public List<LayerDescriptor> layers() {
        return delegate().layers();
    }

    @Override
    public List<Feature> features(String layerId, Extent bbox) {
        return delegate().features(layerId, bbox);
    }

    @Override
    public Optional<Feature> findParcel(String parcelCode) {
        return delegate().findParcel(parcelCode);
    }
}
