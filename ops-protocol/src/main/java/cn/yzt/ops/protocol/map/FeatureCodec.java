package cn.yzt.ops.protocol.map;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * Compact binary encoding of a block of features:
 * <pre>
 * "YZF1" | varint nStrings | nStrings × UTF-8 (modified, as DataOutput.writeUTF)
 *        | varint nFeatures | per feature: varint idRef, varint nAttrs, nAttrs × (varint keyRef, varint valueRef),
 *                                          varint wkbLength, little-endian 2D WKB
 * </pre>
 * Every string (ids, keys, values) is stored once in the table and referenced by index, so
 * repeated keys and low-cardinality values (county, land use, status) cost a byte or two.
 * Deterministic (same features, same bytes), so it doubles as the canonical form the demo
 * generator's determinism is checked on. Whether the server sends this, gzipped or not, or gzip
 * GeoJSON is for the server to measure (the renderer benchmark prints this format's sizes).
 */
public final class FeatureCodec {
    private static final int MAGIC = 0x595A4631; // "YZF1"

    private FeatureCodec() {
    }

    public static byte[] encode(List<Feature> features) {
        Map<String, Integer> index = new HashMap<>();
        List<String> table = new ArrayList<>();
        for (Feature f : features) {
            intern(f.id(), index, table);
            for (Map.Entry<String, String> e : f.attributes().entrySet()) {
                intern(e.getKey(), index, table);
                intern(e.getValue(), index, table);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(features.size() * 128 + 64);
        WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            writeVarint(out, table.size());
            for (String s : table) out.writeUTF(s);
            writeVarint(out, features.size());
            for (Feature f : features) {
                writeVarint(out, index.get(f.id()));
                writeVarint(out, f.attributes().size());
                for (Map.Entry<String, String> e : f.attributes().entrySet()) {
                    writeVarint(out, index.get(e.getKey()));
                    writeVarint(out, index.get(e.getValue()));
                }
                byte[] g = wkb.write(f.geometry());
                writeVarint(out, g.length);
                out.write(g);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static List<Feature> decode(byte[] data, GeometryFactory factory) {
        WKBReader wkb = new WKBReader(factory);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a YZF1 feature block");
            String[] table = new String[boundedCount(in, data.length)];
            for (int i = 0; i < table.length; i++) table[i] = in.readUTF();
            int n = boundedCount(in, data.length);
            List<Feature> features = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = ref(table, readVarint(in));
                int attrs = boundedCount(in, data.length);
                Map<String, String> map = new LinkedHashMap<>();
                for (int a = 0; a < attrs; a++) map.put(ref(table, readVarint(in)), ref(table, readVarint(in)));
                byte[] g = new byte[boundedCount(in, data.length)];
                in.readFully(g);
                Geometry geometry = wkb.read(g);
                features.add(new Feature(id, geometry, map));
            }
            return features;
        } catch (IOException | ParseException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt feature block: " + e.getMessage(), e);
        }
    }

    private static void intern(String s, Map<String, Integer> index, List<String> table) {
        if (index.putIfAbsent(s, table.size()) == null) table.add(s);
    }

    private static String ref(String[] table, int i) {
        if (i < 0 || i >= table.length) throw new IllegalArgumentException("string reference out of range: " + i);
        return table[i];
    }

    /** A count can never exceed the block's length: rejects corrupt sizes before allocating. */
    private static int boundedCount(DataInputStream in, int limit) throws IOException {
        int n = readVarint(in);
        if (n < 0 || n > limit) throw new IllegalArgumentException("count out of range: " + n);
        return n;
    }

    private static void writeVarint(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("varint too long");
    }
}
