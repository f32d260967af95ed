package cn.yzt.ops.server.auth;

import java.time.Instant;

/** An authenticated session (the token itself is never stored, only its SM3). */
public record Session(String id, long userId, String username, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
}
