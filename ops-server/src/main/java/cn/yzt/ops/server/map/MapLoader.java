package cn.yzt.ops.server.map;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.locationtech.jts.geom.GeometryFactory;

import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.db.Tx;

/**
 * Reads every layer once, verifying and decrypting each feature. A feature whose MAC fails is
 * withheld and raises an INTEGRITY_ALERT (row and layer only, never data); the others are served.
 */
final class MapLoader {

    static final String ALERT_REASON = "MAP_FEATURE_MAC";

    private final DataSource ds;
    private final FeatureSealer sealer;
    private final AuditLog audit;
    private final GeometryFactory factory;

    MapLoader(DataSource ds, FeatureSealer sealer, AuditLog audit, GeometryFactory factory) {
        this.ds = ds;
        this.sealer = sealer;
        this.audit = audit;
        this.factory = factory;
    }

    MapCatalog load() {
        List<String> alerts = new ArrayList<>();
        List<LayerIndex> layers = Tx.run(ds, c -> {
            List<LayerIndex> out = new ArrayList<>();
            for (LayerDescriptor d : MapStore.layers(c)) {
                List<Feature> features = new ArrayList<>();
                MapStore.forEachFeature(c, d.id(), row -> {
                    try {
                        features.add(sealer.open(row.id(), row.geomEnc(), row.attrsEnc()));
                    } catch (IntegrityException ex) {
                        alerts.add(FeatureSealer.TABLE + " row " + row.id() + " layer " + d.id());
                    }
                });
                out.add(new LayerIndex(d, features, factory));
            }
            return out;
        });
        // After the read transaction: the audit append takes the chain lock in its own transaction.
        for (String where : alerts) {
            audit.record(AuditEvent.alert(ALERT_REASON, where));
        }
        return new MapCatalog(layers, alerts.size());
    }
}
