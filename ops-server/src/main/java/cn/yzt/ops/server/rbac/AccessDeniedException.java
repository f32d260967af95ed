package cn.yzt.ops.server.rbac;

/** The caller lacks a permission (HTTP 403). */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(Permission p) {
        super("permission required: " + p);
    }
}
