package cn.yzt.ops.protocol.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class DemoDataGeneratorTest {
    private static MapDataset data;

    @BeforeAll
    static void generate() {
        data = new DemoDataGenerator(42L, 3_000).generate();
    }

    @Test
    void sameSeedGivesSameBytesAndOtherSeedDiffers() {
        MapDataset again = new DemoDataGenerator(42L, 3_000).generate();
        MapDataset other = new DemoDataGenerator(43L, 3_000).generate();
        for (MapLayer layer : data.layers()) {
            String id = layer.descriptor().id();
            assertThat(FeatureCodec.encode(again.layer(id).features()))
                    .as(id).isEqualTo(FeatureCodec.encode(layer.features()));
        }
        assertThat(FeatureCodec.encode(other.layer(DemoLayers.PARCEL).features()))
                .isNotEqualTo(FeatureCodec.encode(data.layer(DemoLayers.PARCEL).features()));
    }

    @Test
    void layersAndCounts() {
        assertThat(data.layers()).extracting(l -> l.descriptor().id()).containsExactly(
                DemoLayers.COUNTY, DemoLayers.FARMLAND, DemoLayers.ECO_REDLINE, DemoLayers.URBAN_BOUNDARY, DemoLayers.PARCEL);
        assertThat(data.layer(DemoLayers.COUNTY).features()).hasSize(8);
        assertThat(data.layer(DemoLayers.URBAN_BOUNDARY).features()).hasSize(8);
        assertThat(data.layer(DemoLayers.ECO_REDLINE).features()).hasSize(14);
        assertThat(data.layer(DemoLayers.FARMLAND).features()).hasSizeGreaterThan(20);
        assertThat(data.layer(DemoLayers.PARCEL).features()).hasSize(3_000);
        for (MapLayer l : data.layers()) {
            assertThat(l.descriptor().featureCount()).isEqualTo(l.features().size());
        }
    }

    @Test
    void everyLabelAndLayerNameIsMarkedDemoData() {
        for (MapLayer l : data.layers()) {
            assertThat(l.descriptor().nameZh()).contains("演示数据");
            assertThat(l.descriptor().nameEn()).contains("demo data");
            for (Feature f : l.features()) {
                assertThat(f.attribute(Attributes.LABEL)).as(f.id()).contains("演示数据");
                assertThat(f.attribute(Attributes.DATA_SOURCE)).isEqualTo("演示数据");
                if (f.attribute(Attributes.NAME) != null) assertThat(f.attribute(Attributes.NAME)).contains("演示数据");
                if (f.attribute(Attributes.COUNTY) != null) assertThat(f.attribute(Attributes.COUNTY)).contains("演示数据");
            }
        }
    }

    @Test
    void geometriesAreValidInsideLincangAndParcelsDoNotOverlap() {
        for (MapLayer l : data.layers()) {
            for (Feature f : l.features()) {
                assertThat(f.geometry().isValid()).as(f.id()).isTrue();
                assertThat(f.geometry().isEmpty()).as(f.id()).isFalse();
                assertThat(f.geometry().getSRID()).isEqualTo(4490);
                assertThat(DemoDataGenerator.LINCANG.toEnvelope().covers(f.geometry().getEnvelopeInternal())).as(f.id()).isTrue();
            }
        }
        List<Feature> parcels = data.layer(DemoLayers.PARCEL).features();
        Set<String> codes = new HashSet<>();
        for (Feature p : parcels) assertThat(codes.add(p.attribute(Attributes.PARCEL_CODE))).isTrue();
        // Neighbouring parcels share no interior: check a sample against all others by envelope.
        for (int i = 0; i < 200; i++) {
            Geometry a = parcels.get(i).geometry();
            for (Feature q : parcels) {
                if (q != parcels.get(i) && a.getEnvelopeInternal().intersects(q.geometry().getEnvelopeInternal())) {
                    assertThat(a.intersection(q.geometry()).getArea()).isZero();
                }
            }
        }
    }

    @Test
    void planningAreasLieInsideTheCounties() {
        Geometry counties = new DemoDataGenerator().geometryFactory().buildGeometry(
                data.layer(DemoLayers.COUNTY).features().stream().map(Feature::geometry).toList()).union().buffer(1e-6);
        for (String id : List.of(DemoLayers.URBAN_BOUNDARY, DemoLayers.FARMLAND, DemoLayers.ECO_REDLINE, DemoLayers.PARCEL)) {
            for (Feature f : data.layer(id).features()) {
                assertThat(counties.covers(f.geometry())).as(f.id()).isTrue();
            }
        }
    }

    @Test
    void parcelAttributesAreConsistent() {
        EqualAreaCalculator calc = EqualAreaCalculator.forLincang();
        Set<String> landUseCodes = new HashSet<>();
        for (LandUseClass c : LandUseClass.values()) landUseCodes.add(c.code() + "=" + c.nameZh());
        for (Feature p : data.layer(DemoLayers.PARCEL).features()) {
            double area = Double.parseDouble(p.attribute(Attributes.AREA_M2));
            assertThat(area).isCloseTo(calc.areaM2(p.geometry()), org.assertj.core.data.Offset.offset(0.01));
            // A parcel fills 40–90 % of its ~184 m x 177 m cell.
            assertThat(area).isBetween(0.3 * 184 * 177, 184.0 * 177);
            assertThat(landUseCodes).contains(p.attribute(Attributes.LAND_USE_CODE) + "=" + p.attribute(Attributes.LAND_USE_NAME));
            assertThat(p.attribute(Attributes.PARCEL_CODE)).matches("YS5309\\d\\d-\\d{6}")
                    .startsWith("YS" + p.attribute(Attributes.COUNTY_CODE));
            assertThat(p.attribute(Attributes.PLANNING_STATUS)).isNotBlank();
        }
    }

    @Test
    void codecRoundTrips() {
        List<Feature> parcels = data.layer(DemoLayers.PARCEL).features().subList(0, 50);
        List<Feature> back = FeatureCodec.decode(FeatureCodec.encode(parcels), new DemoDataGenerator().geometryFactory());
        assertThat(back).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(back.get(i).id()).isEqualTo(parcels.get(i).id());
            assertThat(back.get(i).attributes()).containsExactlyEntriesOf(parcels.get(i).attributes());
            assertThat(back.get(i).geometry().equalsExact(parcels.get(i).geometry())).isTrue();
        }
        byte[] corrupt = FeatureCodec.encode(parcels);
        corrupt[6] = (byte) 0xFF; // inside the string-table count
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> FeatureCodec.decode(corrupt, new DemoDataGenerator().geometryFactory()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt feature block");
    }
}
