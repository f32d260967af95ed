package cn.yzt.ops.server.map;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;

/** One loaded layer: its verified features in a JTS STRtree (immutable after construction). */
public final class LayerIndex {

    /** A feature with its load order, so results come back in a stable order. */
    private record Entry(int order, Feature feature) {
    }

    private final LayerDescriptor descriptor;
    private final STRtree tree = new STRtree();
    private final GeometryFactory factory;
    private final List<Feature> features;

    LayerIndex(LayerDescriptor stored, List<Feature> features, GeometryFactory factory) {
        this.factory = factory;
        Envelope all = new Envelope();
        int i = 0;
        for (Feature f : features) {
            Envelope e = f.geometry().getEnvelopeInternal();
            tree.insert(e, new Entry(i++, f));
            all.expandToInclude(e);
        }
        tree.build();
        this.features = List.copyOf(features);
        Extent extent = all.isNull() ? new Extent(0, 0, 0, 0) : Extent.of(all);
        this.descriptor = new LayerDescriptor(stored.id(), stored.nameZh(), stored.nameEn(), stored.geometryType(),
                stored.style(), stored.minScale(), stored.maxScale(), features.size(), extent);
    }

    /** The catalog entry with the count and extent of the features actually served. */
    public LayerDescriptor descriptor() {
        return descriptor;
    }

    /** All served features in load (row id) order. */
    public List<Feature> features() {
        return features;
    }

    /** Exactly the features whose geometry intersects the box (the tree only narrows by envelope). */
    public List<Feature> query(Envelope box) {
        PreparedGeometry area = PreparedGeometryFactory.prepare(factory.toGeometry(box));
        List<Entry> hits = new ArrayList<>();
        tree.query(box, item -> {
            Entry e = (Entry) item;
            Geometry g = e.feature().geometry();
            if (box.contains(g.getEnvelopeInternal()) || area.intersects(g)) {
                hits.add(e);
            }
        });
        hits.sort(Comparator.comparingInt(Entry::order));
        List<Feature> out = new ArrayList<>(hits.size());
        for (Entry e : hits) {
            out.add(e.feature());
        }
        return out;
    }
}
