package cn.yzt.ops.client.map;

import javafx.scene.image.Image;

/** A frame ready to show: the image and the viewport it was rendered for. */
public record RenderedFrame(Viewport viewport, Image image, FrameStats stats, long generation) {
}
