package cn.yzt.ops.client.map;

/** A layer to draw in a frame, with its opacity (0–1). */
public record LayerDraw(LayerIndex index, double opacity) {
}
