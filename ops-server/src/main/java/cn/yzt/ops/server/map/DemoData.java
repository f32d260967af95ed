package cn.yzt.ops.server.map;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.MapDataset;
import cn.yzt.ops.protocol.map.MapLayer;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;

/** Loads the deterministic Lincang demo dataset (演示数据), replacing earlier demo layers. */
public final class DemoData {

    /** What was loaded. */
    public record Loaded(int features, int layers, int parcels) {
    }

    private DemoData() {
    }

    /** Each layer is replaced in its own transaction; the audit log records the load. */
    public static Loaded load(MapService maps, AuditLog audit, int parcels) {
        MapDataset data = new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, parcels).generate();
        int n = 0;
        for (MapLayer l : data.layers()) {
            n += maps.write(l.descriptor(), l.features(), true);
        }
        Loaded loaded = new Loaded(n, data.layers().size(), data.layer("parcel").features().size());
        audit.record(AuditEvent.success("MAP_DEMO_LOAD", null, null,
                "demo data: " + loaded.features() + " features, " + loaded.parcels() + " parcels, seed " + DemoDataGenerator.DEFAULT_SEED));
        return loaded;
    }
}
