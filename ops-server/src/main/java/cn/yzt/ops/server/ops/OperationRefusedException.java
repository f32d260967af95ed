package cn.yzt.ops.server.ops;

/** A signed operation was refused; the reason is audited with its detail, the client gets the reason code and a sentence. */
public final class OperationRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public OperationRefusedException(String reason, String detail) {
        super(reason + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.reason = reason;
    }

    /** Stable code: a {@link cn.yzt.ops.protocol.operation.RejectionReason} name or one of the server's own. */
    public String reason() {
        return reason;
    }
}
