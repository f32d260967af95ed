package cn.yzt.ops.client.shell;

import java.util.Locale;

import cn.yzt.ops.protocol.i18n.Texts;

/** The shell's strings: {@code cn/yzt/ops/client/shell/messages.properties} (Chinese) and {@code _en}. */
public final class ShellMessages extends Texts {
    public ShellMessages(Locale locale) {
        super("cn.yzt.ops.client.shell.messages", locale);
    }
}
