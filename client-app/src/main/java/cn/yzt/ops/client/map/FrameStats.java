package cn.yzt.ops.client.map;

/** What rendering a frame cost, for the status bar and the benchmark. */
public record FrameStats(long nanos, int tilesRendered, int tilesFromCache) {
}
