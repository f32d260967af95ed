package cn.yzt.ops.skf.jna;

/** ENVELOPEDKEYBLOB offsets (SKF-SPEC §3.9), handled as a byte array (it ends in an ECCCIPHERBLOB). */
public final class EnvelopedKeyBlob {

    /** ULONG Version; 1 */
    public static final int VERSION = 0;
    /** ULONG ulSymmAlgID; ECB mode: SGD_SM4_ECB or SGD_SM1_ECB */
    public static final int SYMM_ALG_ID = 4;
    /** ULONG ulBits; bit length of the protected key pair, 256 */
    public static final int BITS = 8;
    /** BYTE cbEncryptedPriKey[64]; symmetric encryption of d */
    public static final int ENCRYPTED_PRI_KEY = 12;
    /** ECCPUBLICKEYBLOB PubKey; 132 bytes */
    public static final int PUB_KEY = 76;
    /** ECCCIPHERBLOB ECCCipherBlob; the symmetric key, SM2-encrypted to the sign public key */
    public static final int ECC_CIPHER_BLOB = 208;
    /** Bytes before the cipher blob's variable tail (208 + 164). */
    public static final int FIXED = 372;

    private EnvelopedKeyBlob() {
    }
}
