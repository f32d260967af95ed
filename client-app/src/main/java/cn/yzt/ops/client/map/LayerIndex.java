package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * A loaded layer: its features behind a JTS STRtree on their lon/lat envelopes. Built once off
 * the FX thread; read-only afterwards, so renders and identify may query it from any thread.
 */
public final class LayerIndex {
    private static final GeometryFactory GF = new GeometryFactory();

    private final LayerDescriptor descriptor;
    private final List<Feature> features;
    private final STRtree tree;
    private final SimplificationCache simplified = new SimplificationCache();
    private final double typicalWidth;

    public LayerIndex(LayerDescriptor descriptor, List<Feature> features) {
        this.descriptor = descriptor;
        this.features = List.copyOf(features);
        this.tree = new STRtree();
        for (Feature f : this.features) tree.insert(f.geometry().getEnvelopeInternal(), f);
        tree.build(); // build now: a lazy first build would race between render threads
        this.typicalWidth = medianWidth(this.features);
    }

    /** Median envelope width in degrees of longitude, from a sample: decides when labels fit. */
    public double typicalWidth() {
        return typicalWidth;
    }

    private static double medianWidth(List<Feature> features) {
        if (features.isEmpty()) return 0;
        int step = Math.max(1, features.size() / 501);
        List<Double> w = new ArrayList<>();
        for (int i = 0; i < features.size(); i += step) w.add(features.get(i).geometry().getEnvelopeInternal().getWidth());
        w.sort(null);
        return w.get(w.size() / 2);
    }

    public LayerDescriptor descriptor() {
        return descriptor;
    }

    public String id() {
        return descriptor.id();
    }

    SimplificationCache simplified() {
        return simplified;
    }

    public int size() {
        return features.size();
    }

    @SuppressWarnings("unchecked")
    public List<Feature> query(Envelope lonLat) {
        return features.isEmpty() ? List.of() : (List<Feature>) tree.query(lonLat);
    }

    /** The smallest feature within {@code tolerance} degrees of the point (a parcel beats the county around it). */
    public Optional<Feature> identify(double lon, double lat, double tolerance) {
        Envelope env = new Envelope(lon - tolerance, lon + tolerance, lat - tolerance, lat + tolerance);
        Point p = GF.createPoint(new Coordinate(lon, lat));
        List<Feature> hits = new ArrayList<>();
        for (Feature f : query(env)) {
            if (f.geometry().isWithinDistance(p, tolerance)) hits.add(f);
        }
        return hits.stream().min(Comparator.comparingDouble(f -> f.geometry().getArea()));
    }
}
