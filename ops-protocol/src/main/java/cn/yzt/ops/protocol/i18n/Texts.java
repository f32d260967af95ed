package cn.yzt.ops.protocol.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * User-facing strings of a tool or a screen: a bundle whose base file is Chinese (the product's
 * default language) and whose {@code _en} file is English. No fallback to the JVM locale, so Chinese
 * stays the default on an English JVM unless English is asked for. Each user names its own bundle.
 */
public class Texts {

    private final Locale locale;
    private final ResourceBundle bundle;

    protected Texts(String bundleName, Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(bundleName, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** For command-line tools: {@code --lang} wins; else LC_ALL / LC_MESSAGES / LANG starting with "en" mean English; else Chinese. */
    public static Locale resolveLocale(String[] args, Map<String, String> env) {
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

    public Locale locale() {
        return locale;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    /** The formatted text for {@code key}, or the key itself when the bundle lacks it. */
    public String get(String key, Object... args) {
        String pattern = bundle.containsKey(key) ? bundle.getString(key) : key;
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }

    /** The unformatted text for {@code key}, or {@code fallback} when the bundle has none. */
    public String getOrDefault(String key, String fallback) {
        return bundle.containsKey(key) ? bundle.getString(key) : fallback;
    }
}
