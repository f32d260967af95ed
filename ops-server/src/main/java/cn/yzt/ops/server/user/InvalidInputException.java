package cn.yzt.ops.server.user;

/**
 * Input refused at the boundary (HTTP 400). {@code code} names a message in the resource bundles
 * (cn/yzt/ops/server/i18n/messages*.properties); it never echoes the offending value.
 */
public final class InvalidInputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public InvalidInputException(String code) {
        super(code);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
