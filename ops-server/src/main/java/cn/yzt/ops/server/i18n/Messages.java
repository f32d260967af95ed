package cn.yzt.ops.server.i18n;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import cn.yzt.ops.protocol.api.ApiError;

/**
 * User-facing strings from cn/yzt/ops/server/i18n/messages_{zh_CN,en}.properties. Both languages
 * are loaded explicitly (no fallback to the JVM locale), because every error carries both.
 */
public final class Messages {

    private static final String BASE = "cn.yzt.ops.server.i18n.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    private static final ResourceBundle ZH = ResourceBundle.getBundle(BASE, Locale.SIMPLIFIED_CHINESE, NO_FALLBACK);
    private static final ResourceBundle EN = ResourceBundle.getBundle(BASE, Locale.ENGLISH, NO_FALLBACK);

    private Messages() {
    }

    public static ApiError error(String code) {
        return new ApiError(code, get(ZH, code), get(EN, code));
    }

    /**
     * The 403 body of a refused signed operation: the generic error plus its reason code and a
     * sentence for it. The caller signed with their own UKEY, so (unlike login) telling them why is safe.
     */
    public static Map<String, Object> refusal(String reason) {
        ApiError e = error("OPERATION_REFUSED");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", e.code());
        out.put("message_zh", e.message_zh());
        out.put("message_en", e.message_en());
        String key = "refusal." + reason;
        boolean known = ZH.containsKey(key) && EN.containsKey(key);
        out.put("reason", reason);
        out.put("reason_zh", ZH.getString(known ? key : "refusal.default"));
        out.put("reason_en", EN.getString(known ? key : "refusal.default"));
        return out;
    }

    public static boolean has(String code) {
        return ZH.containsKey(code) && EN.containsKey(code);
    }

    private static String get(ResourceBundle b, String code) {
        try {
            return b.getString(code);
        } catch (MissingResourceException ex) {
            return b.getString("BAD_REQUEST");
        }
    }
}
