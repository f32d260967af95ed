package cn.yzt.ops.server.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.GeometryType;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.LayerStyle;
import cn.yzt.ops.server.testing.TestServices;

/** GeoJSON import: valid features stored, each invalid one reported with its reason. */
class GeoJsonImportTest {

    private static TestServices t;
    private static GeoJsonImport importer;
    private static final LayerDescriptor LAYER = new LayerDescriptor("imported-parcels", "导入地块", "Imported parcels",
            GeometryType.POLYGON, new LayerStyle(0x50A0C4E8, 0xFF4A7BA6, 0.5, "parcelCode"), 0, 400_000, 0, new Extent(0, 0, 0, 0));

    @BeforeAll
    static void open() {
        t = new TestServices();
        importer = new GeoJsonImport(t.services.maps(), t.services.auditLog());
    }

    @AfterAll
    static void close() {
        t.close();
    }

    private static String feature(String id, String geometry, String code) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"geometry\":" + geometry
                + ",\"properties\":{\"parcelCode\":\"" + code + "\",\"landUseCode\":\"0101\",\"areaM2\":1234.5}}";
    }

    private static String square(double x, double y) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + 0.001) + "," + y + "],["
                + (x + 0.001) + "," + (y + 0.001) + "],[" + x + "," + (y + 0.001) + "],[" + x + "," + y + "]]]}";
    }

    private static ImportReport run(String json, boolean replace) throws Exception {
        return importer.run(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), LAYER, replace, "tester");
    }

    @Test
    void importsValidFeaturesAndReportsEachRejectedOneWithItsReason() throws Exception {
        String bowTie = "{\"type\":\"Polygon\",\"coordinates\":[[[100,24],[100.01,24.01],[100.01,24],[100,24.01],[100,24]]]}";
        String unclosed = "{\"type\":\"Polygon\",\"coordinates\":[[[100,24],[100.01,24],[100.01,24.01],[100,24.01]]]}";
        String projected = "{\"type\":\"Polygon\",\"coordinates\":[[[500000,2650000],[500100,2650000],[500100,2650100],[500000,2650000]]]}";
        String point = "{\"type\":\"Point\",\"coordinates\":[100,24]}";
        String holeOutside = "{\"type\":\"Polygon\",\"coordinates\":[[[100,24],[100.01,24],[100.01,24.01],[100,24.01],[100,24]],"
                + "[[100.1,24.1],[100.11,24.1],[100.11,24.11],[100.1,24.1]]]}";
        String json = "{\"type\":\"FeatureCollection\",\"features\":["
                + String.join(",",
                        feature("a", square(100.0, 24.0), "IM-1"),
                        feature("b", bowTie, "IM-2"),
                        feature("c", unclosed, "IM-3"),
                        feature("d", projected, "IM-4"),
                        feature("e", point, "IM-5"),
                        "{\"type\":\"Feature\",\"id\":\"f\",\"geometry\":null,\"properties\":{}}",
                        feature("g", square(100.2, 24.2), "im-1"),
                        feature("h", holeOutside, "IM-8"),
                        feature("i", "{\"type\":\"Polygon\",\"coordinates\":\"oops\"}", "IM-9"),
                        feature("j", square(100.3, 24.3), "IM-10"))
                + "]}";
        ImportReport r = run(json, true);
        assertThat(r.read()).isEqualTo(10);
        assertThat(r.imported()).isEqualTo(2);
        assertThat(r.rejected()).extracting(ImportReport.Rejection::featureId, ImportReport.Rejection::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("b", "invalid.5"),
                org.assertj.core.groups.Tuple.tuple("c", "invalid.11"),
                org.assertj.core.groups.Tuple.tuple("d", "geometry.outOfRange"),
                org.assertj.core.groups.Tuple.tuple("e", "geometry.wrongType"),
                org.assertj.core.groups.Tuple.tuple("f", "geometry.missing"),
                org.assertj.core.groups.Tuple.tuple("g", "code.duplicate"),
                org.assertj.core.groups.Tuple.tuple("h", "invalid.2"),
                org.assertj.core.groups.Tuple.tuple("i", "geometry.unreadable"));
        assertThat(r.rejected().get(0).detail()).contains("100.005");

        String zh = r.describe(Locale.SIMPLIFIED_CHINESE);
        assertThat(zh).contains("读取 10 个要素，导入 2 个，拒绝 8 个").contains("第 2 个要素（标识 b）：几何图形自相交");
        String en = r.describe(Locale.ENGLISH);
        assertThat(en).contains("10 features read, 2 imported, 8 rejected").contains("feature #3 (id c): A ring is not closed.");

        MapCatalog c = t.services.maps().reload();
        assertThat(c.layer("imported-parcels").orElseThrow().features()).extracting(Feature::id).containsExactly("a", "j");
        assertThat(t.services.maps().features("imported-parcels", new Envelope(100.3, 100.4, 24.3, 24.4), null))
                .singleElement().satisfies(f -> assertThat(f.attribute("areaM2")).isEqualTo("1234.5"));
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE event_type = 'MAP_IMPORT' AND detail LIKE '%rejected 8%'")).isEqualTo(1);

        // appending: a code already in the layer is refused, a new one is added
        ImportReport again = run("{\"type\":\"FeatureCollection\",\"features\":[" + feature("k", square(100.4, 24.4), "IM-1")
                + "," + feature("l", square(100.5, 24.5), "IM-12") + "]}", false);
        assertThat(again.rejected()).extracting(ImportReport.Rejection::reason).containsExactly("code.duplicate");
        assertThat(again.imported()).isEqualTo(1);
        assertThat(t.services.maps().reload().layer("imported-parcels").orElseThrow().features()).hasSize(3);
    }

    @Test
    void aFileThatIsNotGeoJsonIsRefusedAsAWhole() {
        assertThatThrownBy(() -> run("{\"type\":\"Topology\"}", false)).isInstanceOf(GeoJsonImport.UnreadableFileException.class)
                .hasMessageContaining("import.noFeatures");
        assertThatThrownBy(() -> run("{not json", false)).isInstanceOf(GeoJsonImport.UnreadableFileException.class)
                .hasMessageContaining("import.unreadableFile");
    }
}
