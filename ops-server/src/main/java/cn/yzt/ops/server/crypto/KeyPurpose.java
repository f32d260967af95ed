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
    LEDGER_SM2(32);

    private final int length;

    KeyPurpose(int length) {
        this.length = length;
    }

    public int length() {
        return length;
    }
}
