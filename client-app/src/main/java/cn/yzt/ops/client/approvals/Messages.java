package cn.yzt.ops.client.approvals;

import cn.yzt.ops.protocol.i18n.Texts;
import java.util.Locale;

/** The approvals screen's strings: {@code cn/yzt/ops/client/approvals/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.approvals.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }
}
