package cn.yzt.ops.server.http;

/** An error with its HTTP status and message code (see the i18n bundles). */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code) {
        super(code);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest() {
        return new ApiException(400, "BAD_REQUEST");
    }
}
