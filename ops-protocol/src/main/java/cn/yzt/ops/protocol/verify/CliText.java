package cn.yzt.ops.protocol.verify;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** ops-verify's strings: {@code cn/yzt/ops/protocol/verify/messages.properties} (Chinese) and {@code _en}. */
final class CliText extends Texts {

    static final String BUNDLE = "cn.yzt.ops.protocol.verify.messages";

    CliText(Locale locale) {
        super(BUNDLE, locale);
    }

    /** The text for a code, or the code itself when there is none (new codes stay readable). */
    String orCode(String prefix, String code) {
        return bundle().containsKey(prefix + code) ? bundle().getString(prefix + code) : code;
    }
}
