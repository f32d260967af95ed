package cn.yzt.ops.protocol.map;

import java.util.Objects;

/**
 * One entry of the layer catalog.
 *
 * <p>Visibility by scale uses scale denominators (1:N): the layer is drawn when
 * {@code minScale <= N <= maxScale}; 0 for {@code minScale} and {@code Double.POSITIVE_INFINITY}
 * for {@code maxScale} mean "no limit".
 */
public record LayerDescriptor(String id, String nameZh, String nameEn, GeometryType geometryType,
                              LayerStyle style, double minScale, double maxScale,
                              int featureCount, Extent extent) {
    public LayerDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(nameZh, "nameZh");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(geometryType, "geometryType");
        Objects.requireNonNull(style, "style");
        if (minScale < 0 || maxScale < minScale) throw new IllegalArgumentException("bad scale range");
        if (featureCount < 0) throw new IllegalArgumentException("featureCount < 0");
    }

    /** Whether the layer is drawn at scale 1:{@code scaleDenominator}. */
    public boolean visibleAt(double scaleDenominator) {
        return scaleDenominator >= minScale && scaleDenominator <= maxScale;
    }

    /** The name in the given language ("zh" default, "en"). */
    public String name(java.util.Locale locale) {
        return "en".equals(locale.getLanguage()) ? nameEn : nameZh;
    }
}
