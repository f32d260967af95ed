package cn.yzt.ops.protocol.map;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Deterministic demo planning data for Lincang (99.2–100.6 E, 23.0–24.8 N). Nothing here is a
 * real boundary: county outlines are a noisy Voronoi partition around approximate county
 * seats, protection areas are random blobs, parcels sit on a ~180 m grid around settlements.
 * Every layer name and every feature label carries {@value Attributes#DEMO_MARK}.
 *
 * <p>Same seed and parcel count give the same bytes ({@link FeatureCodec}) on any JVM: each
 * layer draws from its own {@link Random} derived from the seed, shapes use {@link StrictMath},
 * and coordinates are snapped to 1e-7° (~1 cm). Parcel areas come from proj4j (ellipsoidal,
 * rounded to 0.01 m²).
 */
public final class DemoDataGenerator {
    public static final Extent LINCANG = new Extent(99.2, 23.0, 100.6, 24.8);
    public static final int DEFAULT_PARCEL_COUNT = 20_000;
    public static final long DEFAULT_SEED = 5309L;
    public static final int SRID_CGCS2000 = 4490;

    private static final double CELL_W = 0.0018; // degrees lon, ~184 m at 24° N
    private static final double CELL_H = 0.0016; // degrees lat, ~177 m

    /** County name, code, approximate seat (lon, lat) — positions only roughly like reality. */
    private record County(String name, String code, double lon, double lat) {
    }

    private static final List<County> COUNTIES = List.of(
            new County("临翔区", "530902", 100.08, 23.88),
            new County("凤庆县", "530921", 99.93, 24.58),
            new County("云县", "530922", 100.28, 24.40),
            new County("永德县", "530923", 99.42, 24.15),
            new County("镇康县", "530924", 99.33, 23.88),
            new County("双江拉祜族佤族布朗族傣族自治县", "530925", 99.83, 23.47),
            new County("耿马傣族佤族自治县", "530926", 99.55, 23.62),
            new County("沧源佤族自治县", "530927", 99.45, 23.35));

    private final long seed;
    private final int parcelCount;
    private final GeometryFactory gf = new GeometryFactory(new PrecisionModel(1e7), SRID_CGCS2000);

    public DemoDataGenerator(long seed, int parcelCount) {
        if (parcelCount < 0) throw new IllegalArgumentException("parcelCount < 0");
        this.seed = seed;
        this.parcelCount = parcelCount;
    }

    public DemoDataGenerator() {
        this(DEFAULT_SEED, DEFAULT_PARCEL_COUNT);
    }

    public GeometryFactory geometryFactory() {
        return gf;
    }

    public MapDataset generate() {
        Geometry outline = cityOutline(new Random(seed ^ 0x0C17L));
        List<Feature> counties = counties(outline, new Random(seed ^ 0xC0DEL));
        List<Feature> eco = ecoRedLine(outline, new Random(seed ^ 0xEC0L));
        Geometry ecoUnion = union(eco);
        List<Feature> urban = urbanBoundaries(outline, ecoUnion, new Random(seed ^ 0x0B0L));
        List<Feature> farmland = farmland(counties, ecoUnion, union(urban), new Random(seed ^ 0xFA3L));
        List<Feature> parcels = parcels(counties, urban, farmland, new Random(seed ^ 0x9A3CL));
        return new MapDataset(List.of(
                layer(DemoLayers.COUNTY, counties),
                layer(DemoLayers.FARMLAND, farmland),
                layer(DemoLayers.ECO_REDLINE, eco),
                layer(DemoLayers.URBAN_BOUNDARY, urban),
                layer(DemoLayers.PARCEL, parcels)));
    }

    private MapLayer layer(String id, List<Feature> features) {
        Envelope env = new Envelope();
        for (Feature f : features) env.expandToInclude(f.geometry().getEnvelopeInternal());
        Extent extent = env.isNull() ? LINCANG : Extent.of(env);
        return new MapLayer(DemoLayers.descriptor(id, features.size(), extent), features);
    }

    // ---- shapes -------------------------------------------------------------------------

    /** A noisy oval that stays inside {@link #LINCANG}. */
    private Geometry cityOutline(Random r) {
        double cx = 99.9, cy = 23.9, rx = 0.66, ry = 0.86;
        // Every county seat keeps room around it, so each county has a town.
        return blob(cx, cy, rx, ry, 160, 0.06, r).union(seatZones(0.08))
                .intersection(gf.toGeometry(LINCANG.toEnvelope()));
    }

    private Geometry seatZones(double radius) {
        List<Geometry> zones = new ArrayList<>();
        for (County c : COUNTIES) zones.add(gf.createPoint(new Coordinate(c.lon, c.lat)).buffer(radius, 8));
        return gf.buildGeometry(zones).union();
    }

    /** Star-shaped noisy ellipse: radius(θ) = R·(1 + Σ a·sin(kθ + φ)), valid by construction. */
    private Polygon blob(double cx, double cy, double rx, double ry, int n, double roughness, Random r) {
        int harmonics = 5;
        double[] amp = new double[harmonics];
        double[] phase = new double[harmonics];
        for (int k = 0; k < harmonics; k++) {
            amp[k] = roughness * (0.3 + r.nextDouble()) / (k + 1);
            phase[k] = r.nextDouble() * 2 * StrictMath.PI;
        }
        Coordinate[] ring = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
            double t = 2 * StrictMath.PI * i / n;
            double f = 1;
            for (int k = 0; k < harmonics; k++) f += amp[k] * StrictMath.sin((k + 2) * t + phase[k]);
            f = Math.max(f, 0.35);
            ring[i] = precise(cx + rx * f * StrictMath.cos(t), cy + ry * f * StrictMath.sin(t));
        }
        ring[n] = ring[0].copy();
        return gf.createPolygon(ring);
    }

    private List<Feature> counties(Geometry outline, Random r) {
        VoronoiDiagramBuilder vb = new VoronoiDiagramBuilder();
        List<Coordinate> sites = new ArrayList<>();
        for (County c : COUNTIES) sites.add(new Coordinate(c.lon, c.lat));
        vb.setSites(sites);
        vb.setClipEnvelope(LINCANG.toEnvelope());
        GeometryCollection cells = (GeometryCollection) vb.getDiagram(gf);
        double[] wave = new double[8];
        for (int i = 0; i < wave.length; i++) wave[i] = r.nextDouble() * 2 * StrictMath.PI;
        List<Feature> out = new ArrayList<>();
        for (County c : COUNTIES) {
            Geometry cell = null;
            for (int i = 0; i < cells.getNumGeometries(); i++) {
                Geometry g = cells.getGeometryN(i);
                Coordinate site = (Coordinate) g.getUserData();
                if (site.x == c.lon && site.y == c.lat) cell = g;
            }
            // Wiggle the straight Voronoi borders with one smooth field, so neighbours still match.
            if (cell == null) throw new IllegalStateException("no Voronoi cell for " + c.name);
            // copy(): the densified ring may share its closing Coordinate object with the first one.
            Geometry wiggled = Densifier.densify(cell, 0.01).copy();
            wiggled.apply(new Displace(wave));
            Geometry shape = gf.createGeometry(wiggled).buffer(0).intersection(outline);
            shape = largestPolygon(shape);
            Map<String, String> a = new LinkedHashMap<>();
            a.put(Attributes.NAME, c.name + DemoLayers.DEMO_SUFFIX_ZH);
            a.put(Attributes.COUNTY_CODE, c.code);
            a.put(Attributes.LABEL, c.name + DemoLayers.DEMO_SUFFIX_ZH);
            a.put(Attributes.DATA_SOURCE, Attributes.DEMO_MARK);
            out.add(new Feature("county-" + c.code, shape, a));
        }
        return out;
    }

    private List<Feature> ecoRedLine(Geometry outline, Random r) {
        List<Feature> out = new ArrayList<>();
        Envelope env = outline.getEnvelopeInternal();
        int n = 0;
        while (out.size() < 14 && n++ < 1000) {
            double x = env.getMinX() + r.nextDouble() * env.getWidth();
            double y = env.getMinY() + r.nextDouble() * env.getHeight();
            double rad = 0.03 + r.nextDouble() * 0.07;
            // Protection areas keep clear of the county seats (towns grow there).
            Geometry g = blob(x, y, rad, rad * (0.7 + 0.5 * r.nextDouble()), 64, 0.25, r).intersection(outline)
                    .difference(seatZones(0.06));
            if (g.isEmpty() || g.getArea() < 1e-4) continue;
            int no = out.size() + 1;
            out.add(feature("eco-" + no, g, "生态保护红线区 " + no, Map.of()));
        }
        return out;
    }

    private List<Feature> urbanBoundaries(Geometry outline, Geometry eco, Random r) {
        List<Feature> out = new ArrayList<>();
        for (County c : COUNTIES) {
            double rad = 0.02 + r.nextDouble() * 0.02;
            Geometry g = blob(c.lon, c.lat, rad * 1.2, rad, 48, 0.3, r).intersection(outline).difference(eco);
            out.add(feature("urban-" + c.code, largestPolygon(g), c.name + "城镇开发边界",
                    Map.of(Attributes.COUNTY, c.name + DemoLayers.DEMO_SUFFIX_ZH, Attributes.COUNTY_CODE, c.code)));
        }
        return out;
    }

    private List<Feature> farmland(List<Feature> counties, Geometry eco, Geometry urban, Random r) {
        List<Feature> out = new ArrayList<>();
        Geometry blocked = eco.union(urban);
        for (int i = 0; i < COUNTIES.size(); i++) {
            County c = COUNTIES.get(i);
            Geometry county = counties.get(i).geometry();
            for (int k = 0; k < 8; k++) {
                double ang = r.nextDouble() * 2 * StrictMath.PI, dist = 0.04 + r.nextDouble() * 0.14;
                double rad = 0.01 + r.nextDouble() * 0.03;
                Geometry g = blob(c.lon + dist * StrictMath.cos(ang), c.lat + dist * StrictMath.sin(ang),
                        rad * 1.3, rad, 40, 0.3, r).intersection(county).difference(blocked);
                if (g.isEmpty() || g.getArea() < 1e-5) continue;
                int no = out.size() + 1;
                out.add(feature("farm-" + no, g, "永久基本农田保护片区 " + no,
                        Map.of(Attributes.COUNTY, c.name + DemoLayers.DEMO_SUFFIX_ZH, Attributes.COUNTY_CODE, c.code)));
            }
        }
        return out;
    }

    private List<Feature> parcels(List<Feature> counties, List<Feature> urban, List<Feature> farmland, Random r) {
        EqualAreaCalculator area = EqualAreaCalculator.forLincang();
        List<IndexedPointInAreaLocator> inCounty = new ArrayList<>();
        List<PreparedGeometry> county = new ArrayList<>();
        for (Feature f : counties) {
            inCounty.add(new IndexedPointInAreaLocator(f.geometry()));
            county.add(PreparedGeometryFactory.prepare(f.geometry()));
        }
        IndexedPointInAreaLocator inUrban = new IndexedPointInAreaLocator(union(urban));
        IndexedPointInAreaLocator inFarm = new IndexedPointInAreaLocator(union(farmland));
        Set<Long> used = new HashSet<>();
        List<Feature> out = new ArrayList<>(parcelCount);
        int[] seq = new int[COUNTIES.size()];
        // Settlements: each county seat plus villages; parcels gather around them.
        List<double[]> centres = new ArrayList<>(); // lon, lat, sigma (cells), county index
        for (int i = 0; i < COUNTIES.size(); i++) {
            County c = COUNTIES.get(i);
            centres.add(new double[] {c.lon, c.lat, 14, i});
            for (int v = 0; v < 24; v++) {
                double ang = r.nextDouble() * 2 * StrictMath.PI, dist = 0.03 + r.nextDouble() * 0.22;
                centres.add(new double[] {c.lon + dist * StrictMath.cos(ang), c.lat + dist * StrictMath.sin(ang), 3 + r.nextInt(8), i});
            }
        }
        int attempts = 0;
        int maxAttempts = 60 * parcelCount + 1000;
        while (out.size() < parcelCount && attempts++ < maxAttempts) {
            double[] s = centres.get(r.nextInt(centres.size()));
            long col = StrictMath.round(s[0] / CELL_W + r.nextGaussian() * s[2]);
            long row = StrictMath.round(s[1] / CELL_H + r.nextGaussian() * s[2]);
            long key = (col << 32) ^ (row & 0xFFFFFFFFL);
            if (used.contains(key)) continue;
            Coordinate centre = new Coordinate((col + 0.5) * CELL_W, (row + 0.5) * CELL_H);
            int countyIdx = (int) s[3];
            if (inCounty.get(countyIdx).locate(centre) != Location.INTERIOR) continue;
            Polygon p = parcelShape(col * CELL_W, row * CELL_H, r);
            if (!county.get(countyIdx).covers(p)) continue; // on the border: a parcel lies in one county
            used.add(key);
            boolean urbanCell = inUrban.locate(centre) == Location.INTERIOR;
            boolean farmCell = inFarm.locate(centre) == Location.INTERIOR;
            LandUseClass use = landUse(urbanCell, farmCell, r);
            PlanningStatus status = planningStatus(urbanCell, r);
            County c = COUNTIES.get(countyIdx);
            String code = "YS" + c.code + "-" + String.format(Locale.ROOT, "%06d", ++seq[countyIdx]);
            Map<String, String> a = new LinkedHashMap<>();
            a.put(Attributes.PARCEL_CODE, code);
            a.put(Attributes.LAND_USE_CODE, use.code());
            a.put(Attributes.LAND_USE_NAME, use.nameZh());
            a.put(Attributes.AREA_M2, String.format(Locale.ROOT, "%.2f", area.areaM2(p)));
            a.put(Attributes.COUNTY, c.name + DemoLayers.DEMO_SUFFIX_ZH);
            a.put(Attributes.COUNTY_CODE, c.code);
            a.put(Attributes.PLANNING_STATUS, status.nameZh());
            a.put(Attributes.LABEL, code + DemoLayers.DEMO_SUFFIX_ZH);
            a.put(Attributes.DATA_SOURCE, Attributes.DEMO_MARK);
            out.add(new Feature(code, p, a));
        }
        return out;
    }

    /** A quadrilateral inside the grid cell, each corner pulled inwards at random: never overlaps a neighbour. */
    private Polygon parcelShape(double x0, double y0, Random r) {
        double[][] corner = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
        Coordinate[] ring = new Coordinate[5];
        for (int i = 0; i < 4; i++) {
            double ix = 0.03 + 0.17 * r.nextDouble(), iy = 0.03 + 0.17 * r.nextDouble();
            double fx = corner[i][0] == 0 ? ix : 1 - ix;
            double fy = corner[i][1] == 0 ? iy : 1 - iy;
            ring[i] = precise(x0 + fx * CELL_W, y0 + fy * CELL_H);
        }
        ring[4] = ring[0].copy();
        return gf.createPolygon(ring);
    }

    private static LandUseClass landUse(boolean urban, boolean farm, Random r) {
        LandUseClass[] pool;
        if (urban) {
            pool = new LandUseClass[] {LandUseClass.URBAN_RESIDENTIAL, LandUseClass.URBAN_RESIDENTIAL, LandUseClass.RETAIL,
                    LandUseClass.INDUSTRIAL, LandUseClass.PUBLIC_ADMIN, LandUseClass.ROAD};
        } else if (farm) {
            pool = new LandUseClass[] {LandUseClass.PADDY, LandUseClass.PADDY, LandUseClass.IRRIGATED, LandUseClass.DRY_LAND,
                    LandUseClass.DRY_LAND, LandUseClass.FACILITY_AGRICULTURE};
        } else {
            // Lincang is tea country: tea gardens and forest dominate outside towns.
            pool = new LandUseClass[] {LandUseClass.TEA_GARDEN, LandUseClass.TEA_GARDEN, LandUseClass.TEA_GARDEN,
                    LandUseClass.ARBOR_FOREST, LandUseClass.ARBOR_FOREST, LandUseClass.SHRUB_FOREST, LandUseClass.ORCHARD,
                    LandUseClass.OTHER_GARDEN, LandUseClass.DRY_LAND, LandUseClass.RURAL_HOMESTEAD, LandUseClass.RURAL_HOMESTEAD,
                    LandUseClass.OTHER_GRASS, LandUseClass.POND, LandUseClass.RIVER};
        }
        return pool[r.nextInt(pool.length)];
    }

    private static PlanningStatus planningStatus(boolean urban, Random r) {
        int x = r.nextInt(100);
        if (x < (urban ? 55 : 80)) return PlanningStatus.EXISTING;
        if (x < (urban ? 85 : 90)) return PlanningStatus.PLANNED_NEW;
        if (x < 96) return PlanningStatus.ADJUSTMENT_PENDING;
        return PlanningStatus.APPROVED_CHANGE;
    }

    // ---- helpers ------------------------------------------------------------------------

    private Feature feature(String id, Geometry g, String label, Map<String, String> extra) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Attributes.NAME, label + DemoLayers.DEMO_SUFFIX_ZH);
        a.putAll(new java.util.TreeMap<>(extra)); // sorted: Map.of has no stable order
        a.put(Attributes.AREA_M2, String.format(Locale.ROOT, "%.2f", EqualAreaCalculator.forLincang().areaM2(g)));
        a.put(Attributes.LABEL, label + DemoLayers.DEMO_SUFFIX_ZH);
        a.put(Attributes.DATA_SOURCE, Attributes.DEMO_MARK);
        return new Feature(id, g, a);
    }

    private Geometry union(List<Feature> features) {
        if (features.isEmpty()) return gf.createPolygon();
        List<Geometry> gs = new ArrayList<>();
        for (Feature f : features) gs.add(f.geometry());
        return gf.buildGeometry(gs).union();
    }

    private static Geometry largestPolygon(Geometry g) {
        Geometry best = g;
        if (g.getNumGeometries() > 1) {
            best = g.getGeometryN(0);
            for (int i = 1; i < g.getNumGeometries(); i++) {
                if (g.getGeometryN(i).getArea() > best.getArea()) best = g.getGeometryN(i);
            }
        }
        return best;
    }

    private Coordinate precise(double x, double y) {
        Coordinate c = new Coordinate(x, y);
        gf.getPrecisionModel().makePrecise(c);
        return c;
    }

    /** A smooth displacement field (sum of sines), so a shared border moves the same way on both sides. */
    private final class Displace implements CoordinateSequenceFilter {
        private final double[] phase;

        Displace(double[] phase) {
            this.phase = phase;
        }

        @Override
        public void filter(CoordinateSequence seq, int i) {
            double x = seq.getX(i), y = seq.getY(i);
            double dx = 0.018 * (StrictMath.sin(9 * x + 7 * y + phase[0]) + 0.5 * StrictMath.sin(23 * x - 17 * y + phase[1]))
                    + 0.006 * StrictMath.sin(61 * y + phase[2]);
            double dy = 0.018 * (StrictMath.sin(8 * x - 11 * y + phase[3]) + 0.5 * StrictMath.sin(19 * x + 29 * y + phase[4]))
                    + 0.006 * StrictMath.sin(57 * x + phase[5]);
            Coordinate c = precise(x + dx, y + dy);
            seq.setOrdinate(i, Coordinate.X, c.x);
            seq.setOrdinate(i, Coordinate.Y, c.y);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
