package cn.yzt.ops.client.api;

/**
 * Any failure of a console-to-server call, with a message for the administrator in the
 * console's language ({@link #getMessage()}) and the technical detail for the log
 * ({@link #detail()}, never shown in a dialog, never holding secrets).
 */
public class OpsApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What happened, so a screen can react (e.g. UNAUTHENTICATED: back to the login screen). */
    public enum Kind {
        /** Nothing answers at the configured address (server down, wrong address, network). */
        UNREACHABLE,
        /** The connection or the answer took too long. */
        TIMEOUT,
        /** The TLCP handshake failed: certificate refused on either side, not a TLCP server, suites. */
        TLCP_REFUSED,
        /** The UKEY failed or was removed while signing (handshake or statement). */
        TOKEN,
        /** The login was refused (wrong account/password/certificate binding; the server does not say which). */
        LOGIN_REFUSED,
        /** The UKEY certificate is expired or not yet valid. */
        CERT_EXPIRED,
        /** This computer's clock differs too much from the server's. */
        CLOCK_SKEW,
        /** The session ended (expired, idle, revoked, logged out): log in again. */
        UNAUTHENTICATED,
        /** The account lacks the permission. */
        FORBIDDEN,
        /** Separation of duties or state conflict (HTTP 409). */
        CONFLICT,
        /** A signed operation was refused (HTTP 403 OPERATION_REFUSED). */
        OPERATION_REFUSED,
        /** No such object. */
        NOT_FOUND,
        /** The server found the input invalid (HTTP 400). */
        INVALID_INPUT,
        /** Too many requests; try again later. */
        RATE_LIMITED,
        /** The server failed (5xx) or broke a data-integrity check. */
        SERVER_ERROR,
        /** The answer could not be understood (version mismatch?). */
        PROTOCOL,
        /** The caller cancelled the request. */
        CANCELLED,
        /** The console's configuration is incomplete or wrong (server address, trust anchors, ...). */
        CONFIG
    }

    private final Kind kind;
    private final int status;
    private final String code;
    private final String detail;

    /**
     * @param status HTTP status, 0 when there was no HTTP answer
     * @param code   the server's error code (e.g. LOGIN_FAILED), or a console-side code
     */
    public OpsApiException(Kind kind, int status, String code, String message, String detail, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return detail;
    }
}
