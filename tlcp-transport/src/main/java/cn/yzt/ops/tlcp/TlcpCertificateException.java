package cn.yzt.ops.tlcp;

import java.security.cert.CertificateException;
import java.util.Locale;

/**
 * A certificate refused by this module's trust manager, carrying the reason so the error
 * translator need not parse exception texts. The handshake wraps it in an SSLException; the
 * cause chain keeps it.
 */
public final class TlcpCertificateException extends CertificateException {

    private static final long serialVersionUID = 1L;

    private final TlcpFailure failure;

    public TlcpCertificateException(TlcpFailure failure, String detail, Throwable cause) {
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
