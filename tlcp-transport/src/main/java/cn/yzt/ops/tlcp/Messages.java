package cn.yzt.ops.tlcp;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing text of this module (bundle cn/yzt/ops/tlcp/messages, zh_CN default, en second).
 * Nothing else in the module builds sentences for people.
 */
public final class Messages {

    private static final String BUNDLE = "cn.yzt.ops.tlcp.messages";

    private Messages() {
    }

    public static String get(Locale locale, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, locale);
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException ex) {
            return key;
        }
        // Always through MessageFormat, so the bundles use one quoting rule ('' for an apostrophe).
        return new MessageFormat(pattern, locale).format(args);
    }

    public static String get(String key, Object... args) {
        return get(Locale.getDefault(), key, args);
    }
}
