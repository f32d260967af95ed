package cn.yzt.ops.client.settings;

import cn.yzt.ops.protocol.i18n.Texts;
import java.util.Locale;

/** The settings screen's strings: {@code cn/yzt/ops/client/settings/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.settings.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }

    public static Messages chinese() {
        return new Messages(Locale.SIMPLIFIED_CHINESE);
    }

    /** The text of a problem (its key and arguments). */
    public String of(SettingsProblem p) {
        return get(p.messageKey(), p.args());
    }
}
