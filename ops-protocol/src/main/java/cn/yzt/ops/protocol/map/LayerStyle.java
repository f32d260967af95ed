package cn.yzt.ops.protocol.map;

/**
 * How a layer is drawn. Colours are 0xAARRGGBB so the server can send them as plain integers.
 *
 * @param fillArgb    fill colour of polygons (alpha 0 = no fill)
 * @param strokeArgb  outline / line colour
 * @param strokeWidth outline width in screen pixels
 * @param labelAttribute attribute drawn as a label at large scales, or null for none
 */
public record LayerStyle(int fillArgb, int strokeArgb, double strokeWidth, String labelAttribute) {
    public LayerStyle {
        if (strokeWidth < 0) throw new IllegalArgumentException("strokeWidth < 0");
    }
}
