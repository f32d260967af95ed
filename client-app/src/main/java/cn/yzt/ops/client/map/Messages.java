package cn.yzt.ops.client.map;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** The map browser's user-facing strings: {@code cn/yzt/ops/client/map/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.map.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }

    public static Messages chinese() {
        return new Messages(Locale.SIMPLIFIED_CHINESE);
    }
}
