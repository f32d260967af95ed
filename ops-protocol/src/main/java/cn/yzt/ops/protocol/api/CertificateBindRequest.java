package cn.yzt.ops.protocol.api;

/** POST /api/v1/users/{id}/certificates body: the UKEY signing certificate, DER in base64. */
public record CertificateBindRequest(String certificate) {
}
