package cn.yzt.ops.protocol.api;

/** A new session: token (base64url, 256 bits) for the Authorization: Bearer header. */
public record LoginResponse(String token, String username, String expiresAt, long idleTimeoutSeconds) {
}
