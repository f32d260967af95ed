package cn.yzt.ops.tlcp;

/**
 * Why a TLCP connection failed, in terms a person can act on. Each constant has a message
 * "failure.NAME" in the bundle (zh_CN, en).
 */
public enum TlcpFailure {
    /** The peer sent no certificate (the server requires the client's UKEY certificate). */
    NO_CLIENT_CERTIFICATE,
    /** The peer's certificate does not chain to a configured trust anchor. */
    UNTRUSTED_ISSUER,
    /** The peer's certificate is on the CA's revocation list. */
    REVOKED,
    /** The peer's certificate has expired. */
    EXPIRED,
    /** The peer's certificate is not valid yet (check the clock). */
    NOT_YET_VALID,
    /** The server's sign certificate does not name the host we connected to. */
    NAME_MISMATCH,
    /** The server's sign certificate is not the pinned one. */
    PIN_MISMATCH,
    /** The chain lacks a sign or an enc certificate with the right key usage. */
    BAD_KEY_USAGE,
    /** The other side refused the handshake with an alert not covered below. */
    REJECTED_BY_PEER,
    /** The server does not trust the CA of our certificate (alert unknown_ca / bad_certificate). */
    REJECTED_UNTRUSTED,
    /** The server says our certificate is revoked. */
    REJECTED_REVOKED,
    /** The server says our certificate has expired. */
    REJECTED_EXPIRED,
    /** The server refused our certificate without saying why (alert certificate_unknown). */
    REJECTED_CERTIFICATE,
    /** The server requires a client certificate and we sent none. */
    REJECTED_NO_CERTIFICATE,
    /** The peer speaks TLS, not TLCP (or TLCP with no common suite). */
    NOT_TLCP,
    /** An ECDHE suite was asked for while the client's keys are on a token. */
    ECDHE_WITH_TOKEN_KEY,
    /** The UKEY was removed or failed while signing during the handshake. */
    TOKEN_FAILED,
    /** Nothing listens there, or the network failed. */
    CONNECT_FAILED,
    /** The connection or handshake took too long. */
    TIMEOUT,
    /** Anything else; the technical detail is attached. */
    OTHER
}
