package cn.yzt.ops.protocol.map;

/** A subset of GB/T 21010-2017 land use classes (level-2 codes) that occur in Lincang. */
public enum LandUseClass {
    PADDY("0101", "水田"),
    IRRIGATED("0102", "水浇地"),
    DRY_LAND("0103", "旱地"),
    ORCHARD("0201", "果园"),
    TEA_GARDEN("0202", "茶园"),
    OTHER_GARDEN("0204", "其他园地"),
    ARBOR_FOREST("0301", "乔木林地"),
    SHRUB_FOREST("0305", "灌木林地"),
    OTHER_GRASS("0404", "其他草地"),
    RETAIL("0501", "零售商业用地"),
    INDUSTRIAL("0601", "工业用地"),
    URBAN_RESIDENTIAL("0701", "城镇住宅用地"),
    RURAL_HOMESTEAD("0702", "农村宅基地"),
    PUBLIC_ADMIN("0801", "机关团体用地"),
    ROAD("1003", "公路用地"),
    RIVER("1101", "河流水面"),
    POND("1104", "坑塘水面"),
    FACILITY_AGRICULTURE("1202", "设施农用地");

    private final String code;
    private final String nameZh;

    LandUseClass(String code, String nameZh) {
        this.code = code;
        this.nameZh = nameZh;
    }

    public String code() {
        return code;
    }

    public String nameZh() {
        return nameZh;
    }
}
