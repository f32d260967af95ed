package cn.yzt.ops.client.map;

import java.util.List;

/** A frame to render: the viewport and the visible layers, bottom first. */
public record RenderRequest(Viewport viewport, List<LayerDraw> layers) {
    public RenderRequest {
        layers = List.copyOf(layers);
    }
}
