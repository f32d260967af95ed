package cn.yzt.ops.protocol.api;

/**
 * POST /api/v1/auth/login body. statement: the signed canonical bytes (base64); signature: DER
 * SM3withSM2 (base64); certificate: the signer certificate (DER, base64), which must be the TLCP
 * client certificate of the same connection. The password travels only inside TLCP.
 */
public record LoginRequest(String challengeId, String statement, String signature, String certificate,
        char[] password) {
}
