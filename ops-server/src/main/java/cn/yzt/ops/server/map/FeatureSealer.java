package cn.yzt.ops.server.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.server.crypto.BlindIndex;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.crypto.IntegrityException;

/**
 * Turns a feature into its protected row values and back: geometry as 2D WKB and the id with the
 * attributes as JSON, each a {@link FieldProtector} blob bound to (map_features, row id, column).
 * Every attribute is sealed: parcel code, land use, area and planning status are business data,
 * and one blob per feature costs one more HMAC, not a schema per attribute.
 */
final class FeatureSealer {

    static final String TABLE = "map_features";
    static final String GEOM = "geom_enc";
    static final String ATTRS = "attrs_enc";
    /** The blind index's column name (inside its MAC, so codes do not link to other columns). */
    static final String CODE_INDEX = "map_features.parcel_code";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private final FieldProtector protector;
    private final BlindIndex blindIndex;
    private final GeometryFactory factory;

    FeatureSealer(FieldProtector protector, BlindIndex blindIndex, GeometryFactory factory) {
        this.protector = protector;
        this.blindIndex = blindIndex;
        this.factory = factory;
    }

    /** The protected values of a feature for row ROW_ID. */
    SealedFeature seal(long rowId, Feature f) {
        byte[] wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN).write(f.geometry());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", f.id());
        doc.put("attributes", f.attributes());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(doc);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String code = f.attribute(Attributes.PARCEL_CODE);
        return new SealedFeature(rowId, f.geometry().getEnvelopeInternal(),
                protector.sealBytes(TABLE, rowId, GEOM, wkb), protector.sealBytes(TABLE, rowId, ATTRS, json),
                code == null ? null : blindIndex.of(CODE_INDEX, normalizeCode(code)));
    }

    /** Verifies both MACs and decodes; a changed, moved or undecodable blob is an {@link IntegrityException}. */
    Feature open(long rowId, byte[] geomBlob, byte[] attrsBlob) {
        byte[] wkb = protector.openBytes(TABLE, rowId, GEOM, geomBlob);
        byte[] json = protector.openBytes(TABLE, rowId, ATTRS, attrsBlob);
        try {
            Geometry g = new WKBReader(factory).read(wkb);
            Map<String, Object> doc = JSON.readValue(json, MAP);
            @SuppressWarnings("unchecked")
            Map<String, String> attrs = (Map<String, String>) doc.get("attributes");
            return new Feature((String) doc.get("id"), g, attrs == null ? Map.of() : attrs);
        } catch (ParseException | IOException | RuntimeException ex) {
            // MAC-valid but undecodable means it was written wrong; treat it like tampering
            throw new IntegrityException(TABLE + " row " + rowId + " (undecodable)");
        }
    }

    /** Parcel codes are compared case-insensitively without surrounding blanks. */
    static String normalizeCode(String code) {
        return code.strip().toUpperCase(java.util.Locale.ROOT);
    }
}
