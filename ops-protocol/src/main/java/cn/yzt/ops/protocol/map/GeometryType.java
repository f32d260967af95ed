package cn.yzt.ops.protocol.map;

/** The kind of geometry a layer holds; multi-geometries count as their single kind. */
public enum GeometryType {
    POINT, LINE, POLYGON
}
