package cn.yzt.ops.server.map;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.server.db.Tx;

/** Writes a layer and its features sealed, in one transaction (all or nothing). */
final class MapWriter {

    private static final int CHUNK = 1000;

    private final DataSource ds;
    private final FeatureSealer sealer;

    MapWriter(DataSource ds, FeatureSealer sealer) {
        this.ds = ds;
        this.sealer = sealer;
    }

    /** Creates or updates the catalog entry; REPLACE drops the layer's old features first. Returns the rows written. */
    int write(LayerDescriptor layer, List<Feature> features, boolean replace) {
        return Tx.run(ds, c -> {
            // an existing layer keeps its place in the drawing order, a new one goes on top
            OptionalInt order = MapStore.drawOrder(c, layer.id());
            MapStore.upsertLayer(c, layer, order.isPresent() ? order.getAsInt() : MapStore.nextDrawOrder(c));
            if (replace) {
                MapStore.deleteFeatures(c, layer.id());
            }
            for (int from = 0; from < features.size(); from += CHUNK) {
                List<Feature> chunk = features.subList(from, Math.min(features.size(), from + CHUNK));
                long[] ids = MapStore.reserveIds(c, chunk.size());
                List<SealedFeature> rows = new ArrayList<>(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    rows.add(sealer.seal(ids[i], chunk.get(i)));
                }
                MapStore.insert(c, layer.id(), rows);
            }
            return features.size();
        });
    }
}
