package cn.yzt.ops.client.signing;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** Strings of the signing dialog: {@code cn/yzt/ops/client/signing/messages.properties} (Chinese) and {@code _en}. */
public final class SigningText extends Texts {
    public SigningText(Locale locale) {
        super("cn.yzt.ops.client.signing.messages", locale);
    }
}
