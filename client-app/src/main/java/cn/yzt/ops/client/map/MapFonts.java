package cn.yzt.ops.client.map;

import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks an installed CJK font by name. JavaFX 21 shows boxes for Chinese with some fonts unless
 * the family is set explicitly, and Canvas/Java2D text ignores CSS, so both the controls (via a
 * style on the view) and the map labels (Java2D) use the family chosen here.
 */
public final class MapFonts {
    /** In order of preference; WenQuanYi Zen Hei is what Debian's fonts-wqy-zenhei installs. */
    static final List<String> PREFERRED = List.of(
            "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
            "Microsoft YaHei", "PingFang SC", "SimHei", "WenQuanYi Micro Hei", "AR PL UMing CN", "Droid Sans Fallback");

    private static volatile String fxFamily;
    private static volatile String awtFamily;

    private MapFonts() {
    }

    /** The CJK family as JavaFX knows it, or "System" when none is installed. Needs the FX toolkit. */
    public static String fxFamily() {
        if (fxFamily == null) fxFamily = pick(new HashSet<>(javafx.scene.text.Font.getFamilies()));
        return fxFamily;
    }

    /** The CJK family as Java2D knows it, or "SansSerif" (no CJK glyphs) when none is installed. */
    public static String awtFamily() {
        if (awtFamily == null) {
            String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            String f = pick(new HashSet<>(Arrays.asList(names)));
            awtFamily = f == null ? java.awt.Font.SANS_SERIF : f;
        }
        return awtFamily;
    }

    public static boolean cjkInstalled() {
        return !java.awt.Font.SANS_SERIF.equals(awtFamily());
    }

    public static javafx.scene.text.Font fxFont(double size) {
        String f = fxFamily();
        return javafx.scene.text.Font.font(f == null ? "System" : f, size);
    }

    /** A CSS declaration that sets the CJK family on a node and its children. */
    public static String fxStyle() {
        String f = fxFamily();
        return f == null ? "" : "-fx-font-family: \"" + f + "\";";
    }

    private static String pick(Set<String> installed) {
        for (String p : PREFERRED) {
            if (installed.contains(p)) return p;
        }
        return null;
    }
}
