package cn.yzt.ops.protocol.api;

/** POST /api/v1/auth/challenge body. */
public record ChallengeRequest(String username) {
}
