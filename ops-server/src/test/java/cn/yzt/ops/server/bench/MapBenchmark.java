package cn.yzt.ops.server.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.FeatureCodec;
import cn.yzt.ops.server.map.DemoData;
import cn.yzt.ops.server.map.MapService;
import cn.yzt.ops.server.testing.TestServices;

/**
 * Map service figures (not a test): load + verify time, bbox query p50/p95 on 100,000 parcels
 * (index query, exact intersection, zoom simplification and FeatureCodec encoding + gzip, i.e.
 * the route's work without HTTP), and the response size per 1,000 parcels for each candidate
 * format. Run: mvn -pl ops-server test -Dtest=MapBenchmark -Dops.excludedGroups=none
 * (-Dbench.parcels=N to change the volume).
 */
@Tag("bench")
class MapBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bboxQueriesAndResponseSizes() throws Exception {
        int parcels = Integer.getInteger("bench.parcels", 100_000);
        try (TestServices t = new TestServices()) {
            MapService maps = t.services.maps();
            long t0 = System.nanoTime();
            DemoData.Loaded loaded = DemoData.load(maps, t.services.auditLog(), parcels);
            long t1 = System.nanoTime();
            maps.reload();
            long t2 = System.nanoTime();
            System.out.printf("map bench: %d features (%d parcels) generated+sealed+stored in %.1f s; verified+indexed at start-up in %.1f s%n",
                    loaded.features(), loaded.parcels(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);

            List<Feature> all = maps.features("parcel", DemoDataGenerator.LINCANG.toEnvelope(), null);
            sizes(all.subList(0, Math.min(1000, all.size())));

            // a 1280x800 px view at zoom 14 (about 0.11 x 0.07 degrees) centred on a random parcel
            Random r = new Random(7);
            double w = 1280 * 360.0 / (256 * Math.pow(2, 14)), h = 800 * 360.0 / (256 * Math.pow(2, 14));
            query(maps, all, r, w, h, 14, 200);
            query(maps, all, r, w * 8, h * 8, 11, 50);
            long[] full = new long[5];
            int n = 0;
            for (int i = 0; i < full.length; i++) {
                long s = System.nanoTime();
                n = respond(maps.features("parcel", DemoDataGenerator.LINCANG.toEnvelope(), 9)).length;
                full[i] = System.nanoTime() - s;
            }
            Arrays.sort(full);
            System.out.printf("map bench: whole Lincang at zoom 9 (%d parcels): p50 %.1f ms, gzip response %d bytes%n",
                    all.size(), full[2] / 1e6, n);
        }
    }

    private static void query(MapService maps, List<Feature> all, Random r, double w, double h, int zoom, int rounds) throws Exception {
        for (int warm = 0; warm < 50; warm++) {
            respond(maps.features("parcel", box(all, r, w, h), zoom));
        }
        long[] query = new long[rounds];
        long[] total = new long[rounds];
        long hits = 0;
        long bytes = 0;
        for (int i = 0; i < rounds; i++) {
            Envelope b = box(all, r, w, h);
            long s = System.nanoTime();
            List<Feature> f = maps.features("parcel", b, zoom);
            query[i] = System.nanoTime() - s;
            bytes += respond(f).length;
            total[i] = System.nanoTime() - s;
            hits += f.size();
        }
        Arrays.sort(query);
        Arrays.sort(total);
        System.out.printf("map bench: bbox %.3f x %.3f deg, zoom %d, %d parcels in store, mean %d parcels / %d gzip bytes per box:"
                + " query p50 %.2f ms p95 %.2f ms; with FeatureCodec+gzip p50 %.2f ms p95 %.2f ms%n",
                w, h, zoom, all.size(), hits / rounds, bytes / rounds, query[rounds / 2] / 1e6, query[rounds * 95 / 100] / 1e6,
                total[rounds / 2] / 1e6, total[rounds * 95 / 100] / 1e6);
    }

    private static Envelope box(List<Feature> all, Random r, double w, double h) {
        var c = all.get(r.nextInt(all.size())).geometry().getCentroid();
        return new Envelope(c.getX() - w / 2, c.getX() + w / 2, c.getY() - h / 2, c.getY() + h / 2);
    }

    /** What the route sends to a client that accepts gzip (Javalin's default gzip level). */
    private static byte[] respond(List<Feature> f) throws Exception {
        return gzip(FeatureCodec.encode(f));
    }

    private static void sizes(List<Feature> sample) throws Exception {
        byte[] codec = FeatureCodec.encode(sample);
        byte[] geojson = geoJson(sample);
        System.out.printf("map bench: %d parcels: FeatureCodec %d bytes, gzip %d; GeoJSON %d bytes, gzip %d%n",
                sample.size(), codec.length, gzip(codec).length, geojson.length, gzip(geojson).length);
        // CPU per 1,000 parcels: server (encode + gzip) and client (decode), median of 30 after warm-up
        GeometryFactory gf = new GeometryFactory();
        System.out.printf("map bench: per 1,000 parcels: FeatureCodec encode+gzip %.2f ms, decode %.2f ms;"
                + " GeoJSON encode+gzip %.2f ms, parse %.2f ms%n",
                median(() -> gzip(FeatureCodec.encode(sample))), median(() -> FeatureCodec.decode(codec, gf)),
                median(() -> gzip(geoJson(sample))), median(() -> parseGeoJson(geojson, gf)));
    }

    interface Work {
        Object run() throws Exception;
    }

    private static double median(Work w) throws Exception {
        for (int i = 0; i < 20; i++) {
            w.run();
        }
        long[] t = new long[31];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            w.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t[15] / 1e6;
    }

    /** What a client would do with GeoJSON: parse the tree, read each geometry, keep the properties. */
    private static int parseGeoJson(byte[] json, GeometryFactory gf) throws Exception {
        GeoJsonReader reader = new GeoJsonReader(gf);
        int n = 0;
        for (var f : JSON.readTree(json).get("features")) {
            reader.read(f.get("geometry").toString());
            n += f.get("properties").size();
        }
        return n;
    }

    /** A FeatureCollection as a GeoJSON server would send it (JTS writer, 7 decimals = the data's 1e-7 grid). */
    static byte[] geoJson(List<Feature> features) throws Exception {
        GeoJsonWriter w = new GeoJsonWriter(7);
        w.setEncodeCRS(false);
        ObjectNode root = JSON.createObjectNode().put("type", "FeatureCollection");
        ArrayNode arr = root.putArray("features");
        for (Feature f : features) {
            ObjectNode o = arr.addObject().put("type", "Feature").put("id", f.id());
            o.set("geometry", JSON.readTree(w.write(f.geometry())));
            ObjectNode p = o.putObject("properties");
            for (Map.Entry<String, String> e : f.attributes().entrySet()) {
                p.put(e.getKey(), e.getValue());
            }
        }
        return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream(b.length / 2 + 64);
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

}
