package cn.yzt.ops.server.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.server.testing.TestServices;

/** Stored map data changed behind the server's back is detected, withheld and audited. */
class MapTamperTest {

    private static final String ALERTS = "SELECT count(*) FROM audit_log WHERE event_type = 'INTEGRITY_ALERT' AND reason = 'MAP_FEATURE_MAC'";

    @Test
    void aFlippedGeometryByteWithholdsThatFeatureOnlyAndRaisesAnAlert() {
        try (TestServices t = new TestServices()) {
            DemoData.load(t.services.maps(), t.services.auditLog(), 300);
            MapService maps = t.services.maps();
            Envelope all = DemoDataGenerator.LINCANG.toEnvelope();
            int before = maps.reload().layer("parcel").orElseThrow().features().size();
            long victim = t.count("SELECT min(id) FROM map_features WHERE layer_id = 'parcel'");
            String code = maps.features("parcel", all, null).get(0).id();
            t.sql("UPDATE map_features SET geom_enc = set_byte(geom_enc, 40, get_byte(geom_enc, 40) # 1) WHERE id = " + victim);

            MapCatalog c = maps.reload();
            assertThat(c.withheld()).isEqualTo(1);
            assertThat(maps.features("parcel", all, null)).hasSize(before - 1).extracting(Feature::id).doesNotContain(code);
            assertThat(maps.parcel(code)).isEmpty();
            assertThat(c.layer("parcel").orElseThrow().descriptor().featureCount()).isEqualTo(before - 1);
            assertThat(t.count(ALERTS)).isEqualTo(1);
            assertThat(t.count("SELECT count(*) FROM audit_log WHERE reason = 'MAP_FEATURE_MAC' AND detail LIKE '%row "
                    + victim + " layer parcel%'")).isEqualTo(1);
            assertThat(t.services.auditVerifier().verify().intact()).isTrue();
        }
    }

    @Test
    void blobsSwappedBetweenRowsAreDetected() {
        try (TestServices t = new TestServices()) {
            DemoData.load(t.services.maps(), t.services.auditLog(), 100);
            long a = t.count("SELECT min(id) FROM map_features WHERE layer_id = 'parcel'");
            long b = a + 1;
            // a valid blob of another row: every MAC binds its row id
            t.sql("UPDATE map_features SET attrs_enc = (SELECT attrs_enc FROM map_features WHERE id = " + b + ") WHERE id = " + a);
            t.sql("UPDATE map_features SET geom_enc = (SELECT geom_enc FROM map_features WHERE id = " + a
                    + " ) WHERE id = " + (b + 1));
            MapCatalog c = t.services.maps().reload();
            assertThat(c.withheld()).isEqualTo(2);
            assertThat(t.count(ALERTS)).isEqualTo(2);
        }
    }
}
