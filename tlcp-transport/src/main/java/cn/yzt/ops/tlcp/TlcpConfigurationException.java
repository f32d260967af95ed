package cn.yzt.ops.tlcp;

import java.util.Locale;

/** A TLCP context that cannot be built as asked (e.g. ECDHE with a token key). */
public final class TlcpConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final TlcpFailure failure;

    public TlcpConfigurationException(TlcpFailure failure, String detail) {
        this(failure, detail, null);
    }

    public TlcpConfigurationException(TlcpFailure failure, String detail, Throwable cause) {
        super(failure + ": " + detail, cause);
        this.failure = failure;
    }

    public TlcpFailure failure() {
        return failure;
    }

    @Override
    public String getLocalizedMessage() {
        return Messages.get(Locale.getDefault(), "failure." + failure.name()) + " (" + getMessage() + ")";
    }
}
