package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;

/** A feature the user picked (by click or search) and the layer it belongs to. */
public record Identified(LayerState layer, Feature feature) {
}
