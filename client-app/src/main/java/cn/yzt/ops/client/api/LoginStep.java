package cn.yzt.ops.client.api;

/** Progress of a login, reported to the login screen in this order. */
public enum LoginStep {
    /** TLCP handshake with the UKEY's keys. */
    HANDSHAKE,
    /** POST /api/v1/auth/challenge. */
    CHALLENGE,
    /** The login statement is signed on the UKEY. */
    SIGNING,
    /** POST /api/v1/auth/login. */
    LOGIN,
    /** Tree head and consistency proof against the stored head. */
    LEDGER
}
