package cn.yzt.ops.client.map;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Java2D to JavaFX image without javafx-swing: both use premultiplied int ARGB. */
final class FxImages {
    private FxImages() {
    }

    /** Safe off the FX thread: the image is not in the scene graph yet. */
    static WritableImage toFx(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_INT_ARGB_PRE) throw new IllegalArgumentException("need INT_ARGB_PRE");
        int w = img.getWidth(), h = img.getHeight();
        int[] data = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        WritableImage fx = new WritableImage(w, h);
        fx.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbPreInstance(), data, 0, w);
        return fx;
    }
}
