package cn.yzt.ops.protocol.map;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * A map feature: id, geometry in EPSG:4490 longitude/latitude degrees, and ordered string
 * attributes (strings keep the wire format and the attribute panel simple; typed keys are in
 * {@link Attributes}).
 */
public record Feature(String id, Geometry geometry, Map<String, String> attributes) {
    public Feature {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(geometry, "geometry");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public String attribute(String key) {
        return attributes.get(key);
    }
}
