package cn.yzt.ops.client.map;

/** One cached tile of one layer at one zoom level. */
public record TileKey(String layerId, int zoom, int tx, int ty) {
}
