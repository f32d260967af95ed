package cn.yzt.ops.server.auth;

import java.time.Instant;
import java.util.UUID;

/** An issued login challenge. */
public record Challenge(UUID id, String username, byte[] nonce, Instant issuedAt, Instant expiresAt) {
}
