package cn.yzt.ops.client.map;

/** Scale bar and scale-denominator arithmetic. */
public final class ScaleBarMath {
    /** OGC's standardised rendering pixel (0.28 mm) turns metres per pixel into a scale 1:N. */
    public static final double STANDARD_PIXEL_M = 0.00028;

    private ScaleBarMath() {
    }

    public static double scaleDenominator(double metresPerPixel) {
        return metresPerPixel / STANDARD_PIXEL_M;
    }

    /** The longest 1·10ⁿ, 2·10ⁿ or 5·10ⁿ metres that fits in {@code maxPixels}. */
    public static double niceLength(double metresPerPixel, double maxPixels) {
        double max = metresPerPixel * maxPixels;
        double pow = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {5, 2, 1}) {
            if (m * pow <= max) return m * pow;
        }
        return pow;
    }
}
