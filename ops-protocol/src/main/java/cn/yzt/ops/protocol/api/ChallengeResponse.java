package cn.yzt.ops.protocol.api;

/**
 * Answer to a challenge request: nonce is 32 random bytes (base64url), single use, valid until
 * expiresAt (ISO-8601 UTC). serverCertSm3 is what the server expects in the statement (hex).
 */
public record ChallengeResponse(String challengeId, String nonce, String serverId, String serverCertSm3,
        String expiresAt) {
}
