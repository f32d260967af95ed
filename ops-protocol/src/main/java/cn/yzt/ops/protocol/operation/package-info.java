/**
 * Signed privileged operations and dual-control approvals (ARCHITECTURE.md section 2):
 * the canonical documents ({@link cn.yzt.ops.protocol.operation.OperationDocument},
 * {@link cn.yzt.ops.protocol.operation.ApprovalDocument}), their CMS SignedData form
 * ({@link cn.yzt.ops.protocol.operation.OperationSigner}, PKCS#7 or GM/T 0010 OIDs), the verifier
 * with stable refusal reasons ({@link cn.yzt.ops.protocol.operation.OperationVerifier},
 * {@link cn.yzt.ops.protocol.operation.RejectionReason}) and the four-eyes rule
 * ({@link cn.yzt.ops.protocol.operation.DualControl}). Certificate policy is pluggable
 * ({@link cn.yzt.ops.protocol.operation.SignerCertificateValidator}). Nonce freshness,
 * permissions and execution are the server's.
 */
package cn.yzt.ops.protocol.operation;
