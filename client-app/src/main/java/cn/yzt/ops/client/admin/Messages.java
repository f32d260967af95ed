package cn.yzt.ops.client.admin;

import cn.yzt.ops.protocol.i18n.Texts;
import java.util.Locale;

/** The administration screens' strings: {@code cn/yzt/ops/client/admin/messages.properties} (Chinese) and {@code _en}. */
public final class Messages extends Texts {
    static final String BUNDLE = "cn.yzt.ops.client.admin.messages";

    public Messages(Locale locale) {
        super(BUNDLE, locale);
    }

    /** The role's display name, e.g. "安全管理员 (SECURITY_ADMIN)". */
    public String role(String code) {
        return getOrDefault("role." + code, code) + " (" + code + ")";
    }
}
