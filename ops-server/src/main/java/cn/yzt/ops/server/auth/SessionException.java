package cn.yzt.ops.server.auth;

/** No valid session for this request (HTTP 401). The reason goes to the audit log only. */
public final class SessionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public SessionException(String reason) {
        super("not authenticated");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
