package cn.yzt.ops.protocol.map;

/** Ids, names and styles of the demo planning layers (names carry the demo-data mark). */
public final class DemoLayers {
    public static final String COUNTY = "county";
    public static final String FARMLAND = "basic-farmland";
    public static final String ECO_REDLINE = "eco-redline";
    public static final String URBAN_BOUNDARY = "urban-boundary";
    public static final String PARCEL = "parcel";

    static final String DEMO_SUFFIX_ZH = "（" + Attributes.DEMO_MARK + "）";
    static final String DEMO_SUFFIX_EN = " (demo data)";

    static LayerDescriptor descriptor(String id, int count, Extent extent) {
        return switch (id) {
            case COUNTY -> new LayerDescriptor(id, "县级行政区" + DEMO_SUFFIX_ZH, "Counties" + DEMO_SUFFIX_EN,
                    GeometryType.POLYGON, new LayerStyle(0x00000000, 0xFF6A5ACD, 1.5, Attributes.NAME),
                    0, Double.POSITIVE_INFINITY, count, extent);
            case FARMLAND -> new LayerDescriptor(id, "永久基本农田" + DEMO_SUFFIX_ZH, "Permanent basic farmland" + DEMO_SUFFIX_EN,
                    GeometryType.POLYGON, new LayerStyle(0x80E8D36A, 0xFFB8A030, 0.8, null),
                    0, 2_000_000, count, extent);
            case ECO_REDLINE -> new LayerDescriptor(id, "生态保护红线" + DEMO_SUFFIX_ZH, "Ecological protection red line" + DEMO_SUFFIX_EN,
                    GeometryType.POLYGON, new LayerStyle(0x6033A02C, 0xFFD62728, 1.2, null),
                    0, Double.POSITIVE_INFINITY, count, extent);
            case URBAN_BOUNDARY -> new LayerDescriptor(id, "城镇开发边界" + DEMO_SUFFIX_ZH, "Urban development boundary" + DEMO_SUFFIX_EN,
                    GeometryType.POLYGON, new LayerStyle(0x40FF7F0E, 0xFFFF7F0E, 1.5, null),
                    0, Double.POSITIVE_INFINITY, count, extent);
            case PARCEL -> new LayerDescriptor(id, "地块" + DEMO_SUFFIX_ZH, "Land parcels" + DEMO_SUFFIX_EN,
                    GeometryType.POLYGON, new LayerStyle(0x50A0C4E8, 0xFF4A7BA6, 0.5, Attributes.PARCEL_CODE),
                    0, 400_000, count, extent);
            default -> throw new IllegalArgumentException(id);
        };
    }

    private DemoLayers() {
    }
}
