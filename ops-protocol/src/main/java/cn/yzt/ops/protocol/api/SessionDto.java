package cn.yzt.ops.protocol.api;

/** An active session (id = first 16 hex digits of SM3(token); times ISO-8601 in Asia/Shanghai). */
public record SessionDto(String id, long userId, String username, String createdAt, String lastSeenAt, String expiresAt) {
}
