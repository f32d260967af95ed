package cn.yzt.ops.server.map;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;

/**
 * Imports a GeoJSON Feature or FeatureCollection (CGCS2000 longitude/latitude) into a layer:
 * every feature is checked ({@link GeometryCheck}, attribute limits, parcel-code uniqueness);
 * the valid ones are stored in one transaction and the rest are reported with their reasons.
 */
public final class GeoJsonImport {

    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_KEY = 64;
    static final int MAX_VALUE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MapService maps;
    private final AuditLog audit;

    public GeoJsonImport(MapService maps, AuditLog audit) {
        this.maps = maps;
        this.audit = audit;
    }

    /** The file's features could not be read at all (no per-feature report possible). */
    public static final class UnreadableFileException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String messageKey;
        private final String detail;

        UnreadableFileException(String messageKey, String detail) {
            super(messageKey + (detail == null ? "" : ": " + detail));
            this.messageKey = messageKey;
            this.detail = detail;
        }

        /** The explanation for a person, from the map bundles. */
        public String describe(MapText text) {
            return text.format(messageKey, detail == null ? "" : detail);
        }
    }

    /** Imports into LAYER (created or updated); REPLACE drops the layer's old features. */
    public ImportReport run(InputStream geoJson, LayerDescriptor layer, boolean replace, String operator)
            throws UnreadableFileException {
        JsonNode root;
        try {
            root = JSON.readTree(geoJson);
        } catch (IOException ex) {
            throw new UnreadableFileException("import.unreadableFile", ex.getClass().getSimpleName());
        }
        List<JsonNode> features = featureNodes(root);
        GeometryCheck check = new GeometryCheck(maps.geometryFactory(), layer.geometryType());
        List<Feature> valid = new ArrayList<>();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        int index = 0;
        for (JsonNode f : features) {
            index++;
            String id = text(f.get("id"));
            JsonNode geometry = f.get("geometry");
            GeometryCheck.Result r = check.check(geometry == null || geometry.isNull() ? null : geometry.toString());
            if (!r.ok()) {
                rejected.add(new ImportReport.Rejection(index, id, r.reason(), r.detail()));
                continue;
            }
            Map<String, String> attrs = attributes(f.get("properties"));
            if (attrs == null) {
                rejected.add(new ImportReport.Rejection(index, id, "attributes.tooLarge", null));
                continue;
            }
            String code = attrs.get(Attributes.PARCEL_CODE);
            if (code != null && (!codes.add(FeatureSealer.normalizeCode(code))
                    || !replace && maps.parcelCodeStored(layer.id(), code))) {
                rejected.add(new ImportReport.Rejection(index, id, "code.duplicate", code));
                continue;
            }
            valid.add(new Feature(id != null ? id : code != null ? code : layer.id() + "-" + index, r.geometry(), attrs));
        }
        maps.write(layer, valid, replace);
        ImportReport report = new ImportReport(layer.id(), features.size(), valid.size(), rejected);
        audit.record(AuditEvent.success("MAP_IMPORT", operator, null,
                "layer " + layer.id() + " read " + report.read() + " imported " + report.imported() + " rejected "
                        + rejected.size() + (replace ? " (replace)" : "")));
        return report;
    }

    private static List<JsonNode> featureNodes(JsonNode root) throws UnreadableFileException {
        String type = root == null ? null : text(root.get("type"));
        if ("Feature".equals(type)) {
            return List.of(root);
        }
        JsonNode list = root == null ? null : root.get("features");
        if (!"FeatureCollection".equals(type) || list == null || !list.isArray()) {
            throw new UnreadableFileException("import.noFeatures", null);
        }
        List<JsonNode> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    /** Properties as strings (the wire model's attributes); nested values keep their JSON text. Null = too large. */
    private static Map<String, String> attributes(JsonNode props) {
        Map<String, String> out = new LinkedHashMap<>();
        if (props == null || !props.isObject()) {
            return out;
        }
        if (props.size() > MAX_ATTRIBUTES) {
            return null;
        }
        Iterator<Map.Entry<String, JsonNode>> it = props.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            String s = v.isValueNode() ? v.asText() : v.toString();
            if (e.getKey().length() > MAX_KEY || s.length() > MAX_VALUE) {
                return null;
            }
            out.put(e.getKey(), s);
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }
}
