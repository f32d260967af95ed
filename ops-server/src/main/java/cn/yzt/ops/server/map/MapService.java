package cn.yzt.ops.server.map;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.BlindIndex;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Tx;

/**
 * The map data service: layers are verified and indexed once (at server start, or on first use)
 * and then served from memory; writes (demo data, import) go to the database and take effect
 * at the next {@link #reload()}.
 */
public final class MapService {

    private final DataSource ds;
    private final GeometryFactory factory = new GeometryFactory(new PrecisionModel(), DemoDataGenerator.SRID_CGCS2000);
    private final FeatureSealer sealer;
    private final BlindIndex blindIndex;
    private final MapLoader loader;
    private final MapWriter writer;
    private final PlanningChanges changes;
    private volatile MapCatalog catalog;

    public MapService(DataSource ds, KeyVault vault, AuditLog audit) {
        this.ds = ds;
        this.blindIndex = new BlindIndex(vault);
        this.sealer = new FeatureSealer(new FieldProtector(vault), blindIndex, factory);
        this.loader = new MapLoader(ds, sealer, audit, factory);
        this.writer = new MapWriter(ds, sealer);
        this.changes = new PlanningChanges(ds, sealer, blindIndex, java.time.Clock.systemUTC());
    }

    public GeometryFactory geometryFactory() {
        return factory;
    }

    /** The loaded catalog (loads it on first use). */
    public MapCatalog catalog() {
        MapCatalog c = catalog;
        if (c == null) {
            synchronized (this) {
                c = catalog;
                if (c == null) {
                    c = catalog = loader.load();
                }
            }
        }
        return c;
    }

    /** Starts loading in the background so the first request does not pay for it. */
    public void preload() {
        Thread t = new Thread(() -> {
            try {
                catalog();
            } catch (RuntimeException ex) {
                // the first request retries and reports the failure through the API's error model
                org.slf4j.LoggerFactory.getLogger(MapService.class).error("map preload failed: {}", ex.getClass().getName());
            }
        }, "map-preload");
        t.setDaemon(true);
        t.start();
    }

    /** Re-reads and re-verifies everything (after demo data or an import). */
    public synchronized MapCatalog reload() {
        catalog = loader.load();
        return catalog;
    }

    public List<LayerDescriptor> layers() {
        return catalog().descriptors();
    }

    /** Features of LAYER_ID intersecting BOX, simplified for ZOOM (null = full detail). */
    public List<Feature> features(String layerId, Envelope box, Integer zoom) {
        LayerIndex layer = catalog().layer(layerId).orElseThrow(() -> new NoSuchElementException("layer"));
        List<Feature> hits = layer.query(box);
        if (zoom == null) {
            return hits;
        }
        double tolerance = ZoomSimplifier.tolerance(zoom);
        List<Feature> out = new ArrayList<>(hits.size());
        for (Feature f : hits) {
            out.add(new Feature(f.id(), ZoomSimplifier.simplify(f.geometry(), tolerance), f.attributes()));
        }
        return out;
    }

    public Optional<Feature> parcel(String code) {
        return catalog().parcel(code);
    }

    /** Stores a layer (one transaction); REPLACE drops its old features. Serving changes at {@link #reload()}. */
    public int write(LayerDescriptor layer, List<Feature> features, boolean replace) {
        return writer.write(layer, features, replace);
    }

    /** The stored catalog entry of LAYER_ID, if the layer exists (count and extent not computed). */
    public Optional<LayerDescriptor> storedLayer(String layerId) {
        return Tx.run(ds, c -> MapStore.layers(c)).stream().filter(d -> d.id().equals(layerId)).findFirst();
    }

    /** Whether LAYER_ID already stores a feature with this parcel code (blind index, every key version). */
    public boolean parcelCodeStored(String layerId, String code) {
        List<byte[]> candidates = blindIndex.candidates(FeatureSealer.CODE_INDEX, FeatureSealer.normalizeCode(code));
        return Tx.run(ds, c -> MapStore.codeExists(c, layerId, candidates));
    }

    /** Signed map.layer.publish: marks the layer published (in the caller's transaction); returns when. */
    public java.time.OffsetDateTime publish(long actorId, String layerId) {
        return changes.publish(actorId, layerId);
    }

    /**
     * Signed map.parcel.status: the stored status must be FROM (checked), becomes TO (in the caller's
     * transaction); returns the layer id. The served catalogue follows at {@link #reloadInBackground()}.
     */
    public String changeParcelStatus(String code, cn.yzt.ops.protocol.map.PlanningStatus from,
            cn.yzt.ops.protocol.map.PlanningStatus to) {
        return changes.changeStatus(code, from, to).layerId();
    }

    /** Re-reads the layers off the caller's thread (after a committed status change), if they were loaded. */
    public void reloadInBackground() {
        if (catalog == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                reload();
            } catch (RuntimeException ex) {
                org.slf4j.LoggerFactory.getLogger(MapService.class).error("map reload failed: {}", ex.getClass().getName());
            }
        }, "map-reload");
        t.setDaemon(true);
        t.start();
    }
}
