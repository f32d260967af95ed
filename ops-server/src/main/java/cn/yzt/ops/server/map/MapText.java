package cn.yzt.ops.server.map;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/** The map tools' texts (cn/yzt/ops/server/i18n/map_{zh_CN,en}.properties); Chinese unless English is asked for. */
public final class MapText {

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    public MapText(Locale locale) {
        this.locale = "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
        this.bundle = ResourceBundle.getBundle("cn.yzt.ops.server.i18n.map", this.locale, NO_FALLBACK);
    }

    public String text(String key) {
        return bundle.getString(key);
    }

    public String format(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args);
    }
}
