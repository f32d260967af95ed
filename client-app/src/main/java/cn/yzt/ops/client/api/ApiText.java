package cn.yzt.ops.client.api;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** User-facing strings of the API client: {@code cn/yzt/ops/client/api/messages.properties} (Chinese) and {@code _en}. */
public final class ApiText extends Texts {
    public ApiText(Locale locale) {
        super("cn.yzt.ops.client.api.messages", locale);
    }
}
