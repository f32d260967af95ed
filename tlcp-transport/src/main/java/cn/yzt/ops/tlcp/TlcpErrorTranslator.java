package cn.yzt.ops.tlcp;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.ProviderException;
import java.security.SignatureException;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLException;

/**
 * Turns whatever a TLCP connection threw (bgmprovider, JSSE, OkHttp, sockets, the token
 * provider) into a {@link TlcpError} a person can act on. Our own trust manager's reasons are
 * exact; the peer's refusals arrive as TLS alerts and are mapped by alert name.
 */
public final class TlcpErrorTranslator {

    private static final String ALERT = "Received fatal alert: ";

    /** Alerts the server sends when it refuses the client's certificate. */
    private static final Map<String, TlcpFailure> PEER_ALERTS = Map.of(
            "certificate_revoked", TlcpFailure.REJECTED_REVOKED,
            "certificate_expired", TlcpFailure.REJECTED_EXPIRED,
            "unknown_ca", TlcpFailure.REJECTED_UNTRUSTED,
            "certificate_unknown", TlcpFailure.REJECTED_CERTIFICATE,
            "bad_certificate", TlcpFailure.REJECTED_NO_CERTIFICATE,
            "protocol_version", TlcpFailure.NOT_TLCP,
            "insufficient_security", TlcpFailure.NOT_TLCP);

    private final Locale locale;

    public TlcpErrorTranslator(Locale locale) {
        this.locale = locale;
    }

    public TlcpErrorTranslator() {
        this(Locale.getDefault());
    }

    public TlcpError translate(Throwable t) {
        TlcpFailure f = classify(t);
        String detail = detail(t);
        String alert = alertName(t);
        return new TlcpError(f, Messages.get(locale, "failure." + f.name(), alert != null ? alert : detail), detail);
    }

    static TlcpFailure classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TlcpCertificateException e) {
                return e.failure();
            }
            if (c instanceof TlcpConfigurationException e) {
                return e.failure();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getName().startsWith("cn.yzt.ops.skf")) {
                // The token provider's own exceptions (device removed, PIN, SAR codes).
                return TlcpFailure.TOKEN_FAILED;
            }
        }
        String alert = alertName(t);
        if (alert != null) {
            return PEER_ALERTS.getOrDefault(alert, alert.equals("handshake_failure") ? TlcpFailure.NOT_TLCP
                    : TlcpFailure.REJECTED_BY_PEER);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Unsupported handshake message: server_hello_done")) {
                return TlcpFailure.ECDHE_WITH_TOKEN_KEY;
            }
            if (m.contains("Empty server certificate chain") || m.contains("Empty client certificate chain")) {
                return TlcpFailure.NO_CLIENT_CERTIFICATE;
            }
            if (m.contains("No appropriate protocol") || m.contains("not enabled or supported")
                    || m.contains("Unsupported or unrecognized SSL message")
                    || m.contains("no cipher suites in common")) {
                return TlcpFailure.NOT_TLCP;
            }
            if (c instanceof SocketTimeoutException
                    || (c instanceof InterruptedIOException && m.toLowerCase(Locale.ROOT).contains("timeout"))) {
                return TlcpFailure.TIMEOUT;
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException) {
                return TlcpFailure.CONNECT_FAILED;
            }
            if (c instanceof SignatureException || c instanceof ProviderException) {
                return TlcpFailure.TOKEN_FAILED;
            }
        }
        if (t instanceof SSLException && String.valueOf(t.getMessage()).contains("Remote host terminated")) {
            return TlcpFailure.NOT_TLCP;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (c instanceof java.net.SocketException && (m.contains("Broken pipe") || m.contains("reset"))) {
                // The peer sent its alert and closed before we read it: a refusal all the same.
                return TlcpFailure.REJECTED_BY_PEER;
            }
        }
        return TlcpFailure.OTHER;
    }

    private static String alertName(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.startsWith(ALERT)) {
                return m.substring(ALERT.length()).trim();
            }
        }
        return null;
    }

    private static String detail(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 600; c = c.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return b.toString();
    }
}
