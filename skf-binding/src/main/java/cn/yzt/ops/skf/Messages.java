package cn.yzt.ops.skf;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts of the binding ({@code cn/yzt/ops/skf/messages*.properties}). Chinese is the
 * base bundle; the no-fallback control stops zh_CN from falling back to an English default locale.
 */
final class Messages {

    private static final String BUNDLE = "cn.yzt.ops.skf.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    static String format(Locale locale, String key, Object... args) {
        Locale l = locale == null ? Locale.SIMPLIFIED_CHINESE : locale;
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, l, Messages.class.getClassLoader(), NO_FALLBACK);
            String pattern = bundle.getString(key);
            return args == null || args.length == 0 ? pattern : new MessageFormat(pattern, l).format(args);
        } catch (MissingResourceException e) {
            return key; // a missing text must never hide the error itself
        }
    }
}
