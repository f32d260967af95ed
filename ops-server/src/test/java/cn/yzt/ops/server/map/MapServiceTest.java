package cn.yzt.ops.server.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.MapDataset;
import cn.yzt.ops.protocol.map.MapLayer;
import cn.yzt.ops.server.testing.TestServices;

/** Storage, verification at load and bbox queries on real PostgreSQL with the demo data. */
class MapServiceTest {

    private static final int PARCELS = 3000;
    private static TestServices t;
    private static MapDataset demo;

    @BeforeAll
    static void load() {
        t = new TestServices();
        demo = new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, PARCELS).generate();
        assertThat(DemoData.load(t.services.maps(), t.services.auditLog(), PARCELS).features()).isEqualTo(demo.layers().stream().mapToInt(l -> l.features().size()).sum());
        t.services.maps().reload();
    }

    @AfterAll
    static void close() {
        t.close();
    }

    @Test
    void bboxQueriesReturnExactlyTheIntersectingFeatures() {
        Random r = new Random(42);
        Envelope all = DemoDataGenerator.LINCANG.toEnvelope();
        List<Envelope> boxes = new ArrayList<>();
        boxes.add(all);
        for (int i = 0; i < 12; i++) {
            double w = 0.005 + r.nextDouble() * 0.4, h = 0.005 + r.nextDouble() * 0.4;
            double x = all.getMinX() + r.nextDouble() * (all.getWidth() - w), y = all.getMinY() + r.nextDouble() * (all.getHeight() - h);
            boxes.add(new Envelope(x, x + w, y, y + h));
        }
        int nonEmpty = 0;
        for (Envelope box : boxes) {
            Geometry area = t.services.maps().geometryFactory().toGeometry(box);
            for (MapLayer l : demo.layers()) {
                List<String> expected = l.features().stream().filter(f -> area.intersects(f.geometry())).map(Feature::id).toList();
                List<String> actual = t.services.maps().features(l.descriptor().id(), box, null).stream().map(Feature::id).toList();
                assertThat(actual).as("layer %s box %s", l.descriptor().id(), box).isEqualTo(expected);
                nonEmpty += expected.isEmpty() ? 0 : 1;
            }
        }
        assertThat(nonEmpty).as("the boxes must actually hit features").isGreaterThan(20);
    }

    @Test
    void featuresRoundTripThroughTheSealedColumns() {
        MapLayer parcels = demo.layer("parcel");
        Feature first = parcels.features().get(0);
        Feature served = t.services.maps().parcel(first.id().toLowerCase(java.util.Locale.ROOT)).orElseThrow();
        assertThat(served.geometry().equalsExact(first.geometry())).isTrue();
        assertThat(served.attributes()).isEqualTo(first.attributes());
        assertThat(t.services.maps().layers()).extracting(d -> d.id())
                .containsExactly("county", "basic-farmland", "eco-redline", "urban-boundary", "parcel");
        assertThat(t.services.maps().layers().get(4).featureCount()).isEqualTo(parcels.features().size());
        assertThat(t.services.maps().parcelCodeStored("parcel", " " + first.id() + " ")).isTrue();
        assertThat(t.services.maps().parcelCodeStored("parcel", "YS000000-000000")).isFalse();
        // nothing readable is stored: the parcel code is neither in the blobs nor in plain columns
        assertThat(t.count("SELECT count(*) FROM map_features WHERE position(convert_to('" + first.id()
                + "', 'UTF8') in attrs_enc) > 0 OR position(convert_to('" + first.id() + "', 'UTF8') in geom_enc) > 0")).isZero();
    }

    @Test
    void zoomSimplificationKeepsEveryFeatureAndReducesVertices() {
        Envelope box = DemoDataGenerator.LINCANG.toEnvelope();
        List<Feature> full = t.services.maps().features("county", box, null);
        List<Feature> coarse = t.services.maps().features("county", box, 8);
        assertThat(coarse).extracting(Feature::id).isEqualTo(full.stream().map(Feature::id).toList());
        int before = full.stream().mapToInt(f -> f.geometry().getNumPoints()).sum();
        int after = coarse.stream().mapToInt(f -> f.geometry().getNumPoints()).sum();
        assertThat(after).isLessThan(before / 2);
        assertThat(coarse).allMatch(f -> f.geometry().isValid());
    }
}
