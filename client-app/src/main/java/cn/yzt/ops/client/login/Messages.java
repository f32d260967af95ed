package cn.yzt.ops.client.login;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** The login screen's user-facing strings: {@code cn/yzt/ops/client/login/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.login.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }

    public static Messages chinese() {
        return new Messages(Locale.SIMPLIFIED_CHINESE);
    }
}
