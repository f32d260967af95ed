package cn.yzt.ops.protocol.api;

/** One audit log entry; {@code at} is ISO-8601 in Asia/Shanghai (stored in UTC). */
public record AuditEntryDto(long seq, String at, String type, String outcome, String username, Long userId,
        String reason, String detail, String remote) {
}
