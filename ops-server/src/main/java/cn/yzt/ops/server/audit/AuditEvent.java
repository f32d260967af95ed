package cn.yzt.ops.server.audit;

/**
 * One audit event. {@code reason} is the precise, machine-readable cause (e.g. LOGIN_CERT_REVOKED)
 * that the client never sees; {@code detail} holds no personal data and no secrets.
 */
public record AuditEvent(String type, Outcome outcome, String username, Long userId, String reason, String detail,
        String remote) {

    public enum Outcome { SUCCESS, FAILURE, ALERT }

    public static AuditEvent success(String type, String username, Long userId, String detail) {
        return new AuditEvent(type, Outcome.SUCCESS, username, userId, null, detail, null);
    }

    public static AuditEvent failure(String type, String username, Long userId, String reason, String detail) {
        return new AuditEvent(type, Outcome.FAILURE, username, userId, reason, detail, null);
    }

    public static AuditEvent alert(String reason, String detail) {
        return new AuditEvent("INTEGRITY_ALERT", Outcome.ALERT, null, null, reason, detail, null);
    }

    public AuditEvent from(String remoteAddress) {
        return new AuditEvent(type, outcome, username, userId, reason, detail, remoteAddress);
    }
}
