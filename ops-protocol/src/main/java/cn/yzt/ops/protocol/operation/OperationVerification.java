package cn.yzt.ops.protocol.operation;

import java.util.Objects;
import java.util.Optional;

/** Outcome of {@link OperationVerifier#verify(byte[])}: the verified operation, or a reason and a detail for the audit log. */
public final class OperationVerification {

    private final VerifiedOperation operation;
    private final RejectionReason reason;
    private final String detail;

    private OperationVerification(VerifiedOperation operation, RejectionReason reason, String detail) {
        this.operation = operation;
        this.reason = reason;
        this.detail = detail;
    }

    static OperationVerification accepted(VerifiedOperation operation) {
        return new OperationVerification(Objects.requireNonNull(operation), null, "");
    }

    static OperationVerification rejected(RejectionReason reason, String detail) {
        return new OperationVerification(null, Objects.requireNonNull(reason), detail == null ? "" : detail);
    }

    public boolean isAccepted() {
        return operation != null;
    }

    /** The verified operation; IllegalStateException when rejected. */
    public VerifiedOperation operation() {
        if (operation == null) {
            throw new IllegalStateException("operation rejected: " + reason + " " + detail);
        }
        return operation;
    }

    public Optional<RejectionReason> reason() {
        return Optional.ofNullable(reason);
    }

    /** Technical detail (English) for logs; empty when accepted. */
    public String detail() {
        return detail;
    }

    @Override
    public String toString() {
        return isAccepted() ? "accepted" : "rejected " + reason + (detail.isEmpty() ? "" : ": " + detail);
    }
}
