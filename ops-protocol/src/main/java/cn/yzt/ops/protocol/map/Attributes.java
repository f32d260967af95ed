package cn.yzt.ops.protocol.map;

/** Attribute keys used by the planning layers. */
public final class Attributes {
    /** Human-readable label; in demo data it always contains {@link #DEMO_MARK}. */
    public static final String LABEL = "label";
    public static final String NAME = "name";
    public static final String PARCEL_CODE = "parcelCode";
    public static final String LAND_USE_CODE = "landUseCode";
    public static final String LAND_USE_NAME = "landUseName";
    public static final String AREA_M2 = "areaM2";
    public static final String COUNTY = "county";
    public static final String COUNTY_CODE = "countyCode";
    public static final String PLANNING_STATUS = "planningStatus";
    /** Present on every generated feature with value {@link #DEMO_MARK}. */
    public static final String DATA_SOURCE = "dataSource";
    public static final String DEMO_MARK = "演示数据";

    private Attributes() {
    }
}
