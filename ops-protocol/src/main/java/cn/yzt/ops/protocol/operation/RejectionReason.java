package cn.yzt.ops.protocol.operation;

/**
 * Why a signed operation or approval was refused, precise enough for the audit log; the signer
 * (an authenticated administrator) gets the name and a sentence, never the detail. Names are
 * stable: the server stores them.
 */
public enum RejectionReason {
    /** Not DER/BER ASN.1, or trailing bytes. */
    MALFORMED_CMS,
    /** Outer content type is neither PKCS#7 nor GM/T 0010 signedData. */
    NOT_SIGNED_DATA,
    /** Inner content type is not "data" of the same profile as the outer type. */
    UNSUPPORTED_CONTENT_TYPE,
    /** No encapsulated content (detached signature). */
    DETACHED_CONTENT,
    /** Not exactly one SignerInfo. */
    SIGNER_COUNT,
    /** Digest algorithm is not SM3. */
    UNSUPPORTED_DIGEST,
    /** Signature algorithm is not SM2 with SM3. */
    UNSUPPORTED_SIGNATURE_ALGORITHM,
    /** No signed attributes, or contentType/messageDigest/signingTime missing or repeated. */
    SIGNED_ATTRIBUTES,
    /** contentType attribute differs from the encapsulated content type. */
    CONTENT_TYPE_MISMATCH,
    /** messageDigest differs from SM3 of the content: the content was changed. */
    DIGEST_MISMATCH,
    /** The signer's certificate is not in the SignedData. */
    SIGNER_CERT_MISSING,
    /** The certificate's key is not an SM2 public key. */
    SIGNER_KEY_UNSUPPORTED,
    /** SM2 signature over the signed attributes does not verify (default ID). */
    BAD_SIGNATURE,
    /** The content is not a valid operation or approval document. */
    INVALID_DOCUMENT,
    /** The document names another certificate than the one that signed it. */
    CERT_FINGERPRINT_MISMATCH,
    /** Document is for another server. */
    WRONG_SERVER,
    /** A document of the other purpose than required (e.g. an approval where a request was expected). */
    WRONG_PURPOSE,
    /** Signing time or issued-at outside the allowed clock skew. */
    CLOCK_SKEW,
    /** Certificate does not chain to a trust anchor. */
    CERT_UNTRUSTED,
    /** Certificate not yet valid at signing time (or now). */
    CERT_NOT_YET_VALID,
    /** Certificate expired at signing time (or now). */
    CERT_EXPIRED,
    /** Certificate revoked. */
    CERT_REVOKED,
    /** Revocation status unknown: no CRL from the issuer, bad CRL signature, or CRL too old. */
    CERT_REVOCATION_UNKNOWN,
    /** Key usage lacks digitalSignature/nonRepudiation. */
    CERT_KEY_USAGE,
    /** Dual control: the approval names another request. */
    APPROVAL_WRONG_REQUEST,
    /** Dual control: requester and approver are the same person or certificate. */
    APPROVAL_BY_REQUESTER,
    /** Dual control: approval request type or server differs from the request. */
    APPROVAL_MISMATCH
}
