package cn.yzt.ops.server.auth;

/**
 * A refused login. The API answers every one of them with the same generic error; only the audit
 * log learns {@link #reason()}, so a client cannot probe which check failed.
 */
public final class LoginFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final LoginFailure reason;

    public LoginFailedException(LoginFailure reason) {
        super("login failed");
        this.reason = reason;
    }

    public LoginFailure reason() {
        return reason;
    }
}
