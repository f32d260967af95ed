package cn.yzt.ops.protocol.verify;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * ops-verify's strings: {@code cn/yzt/ops/protocol/verify/messages.properties} (Chinese, the
 * default) and {@code messages_en.properties}; no fallback to the JVM locale.
 */
final class CliText {

    static final String BUNDLE = "cn.yzt.ops.protocol.verify.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    CliText(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code --lang} wins; else LC_ALL / LC_MESSAGES / LANG starting with "en" mean English; else Chinese. */
    static Locale resolveLocale(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length; i++) {
            String lang = null;
            if (args[i].equals("--lang") && i + 1 < args.length) {
                lang = args[i + 1];
            } else if (args[i].startsWith("--lang=")) {
                lang = args[i].substring("--lang=".length());
            }
            if (lang != null) {
                return lang.toLowerCase(Locale.ROOT).startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
            }
        }
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = env.get(var);
            if (v != null && !v.isEmpty()) {
                return v.startsWith("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
            }
        }
        return Locale.SIMPLIFIED_CHINESE;
    }

    ResourceBundle bundle() {
        return bundle;
    }

    String get(String key, Object... args) {
        String pattern = bundle.containsKey(key) ? bundle.getString(key) : key;
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** The text for a code, or the code itself when there is none (new codes stay readable). */
    String orCode(String prefix, String code) {
        return bundle.containsKey(prefix + code) ? bundle.getString(prefix + code) : code;
    }
}
