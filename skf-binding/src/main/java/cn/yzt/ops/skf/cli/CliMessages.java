package cn.yzt.ops.skf.cli;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** The ukey CLI's strings: {@code cn/yzt/ops/skf/cli/messages.properties} (Chinese) and {@code _en}. */
final class CliMessages extends Texts {

    static final String BUNDLE = "cn.yzt.ops.skf.cli.messages";

    CliMessages(Locale locale) {
        super(BUNDLE, locale);
    }
}
