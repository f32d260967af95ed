package cn.yzt.ops.client.records;

import cn.yzt.ops.protocol.i18n.Texts;
import java.util.Locale;

/** The records screen's strings: {@code cn/yzt/ops/client/records/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.records.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }

    public static Messages chinese() {
        return new Messages(Locale.SIMPLIFIED_CHINESE);
    }
}
