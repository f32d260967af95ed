package cn.yzt.ops.tlcp.pki;

import java.util.Locale;

import cn.yzt.ops.tlcp.Messages;

/** A refused or failed PKI operation; the message comes from the bundle, in the given locale. */
public final class PkiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final transient Object[] args;

    public PkiException(String key, Throwable cause, Object... args) {
        super(Messages.get(Locale.ROOT, key, args), cause);
        this.key = key;
        this.args = args.clone();
    }

    public String key() {
        return key;
    }

    @Override
    public String getLocalizedMessage() {
        return Messages.get(key, args);
    }
}
