package cn.yzt.ops.server.crypto;

/**
 * What a server key is for. One key never serves two purposes, so a leak or a rotation of one
 * does not touch the others.
 */
public enum KeyPurpose {
    /** SM4 key for personal-data columns. */
    DATA_SM4(16),
    /** HMAC-SM3 key for (table, row id, column, ciphertext) MACs and record MACs. */
    FIELD_MAC(32),
    /** HMAC-SM3 key for blind indexes on encrypted columns. */
    BLIND_INDEX(32),
    /** HMAC-SM3 key for access-control rows. */
    ACL_MAC(32),
    /** HMAC-SM3 key for the audit chain. */
    AUDIT_MAC(32),
    /** Password pepper (HMAC-SM3 key applied after PBKDF2). */
    PASSWORD_PEPPER(32),
    /** SM2 private key d of the ledger (issue 4), 32 bytes. */
    LEDGER_SM2(32),
    /** SM2 private key d of the server's TLCP sign certificate: imported (the CA certified it), never generated. */
    TLCP_SIGN(32, false),
    /** SM2 private key d of the server's TLCP enc certificate: imported (the CA made the pair), never generated. */
    TLCP_ENC(32, false),
    /**
     * Password (24 random bytes, used as 48 hex characters) of the embedded PostgreSQL's app role
     * yzt_app: made by the server at its first start on a key file without one, set on the role at
     * every start. Not a key.rotate purpose: the running pool logs in with it.
     */
    DB_APP_PASSWORD(24, false);

    private final int length;
    private final boolean generated;

    KeyPurpose(int length) {
        this(length, true);
    }

    KeyPurpose(int length, boolean generated) {
        this.length = length;
        this.generated = generated;
    }

    public int length() {
        return length;
    }

    /**
     * True when the server makes the key itself ({@code keys init}/{@code keys rotate}); false for
     * keys whose certificate exists outside the server, which only {@code keys import-tlcp} adds,
     * and for the embedded database's app password (added by the server's first start).
     * A key file may hold no version of a non-generated purpose yet.
     */
    public boolean generated() {
        return generated;
    }
}
