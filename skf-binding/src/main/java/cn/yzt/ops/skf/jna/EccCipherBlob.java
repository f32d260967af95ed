package cn.yzt.ops.skf.jna;

/**
 * ECCCIPHERBLOB offsets (SKF-SPEC §3.6). Handled as a byte array because it ends in a variable
 * {@code Cipher[1]} tail: allocate {@code FIXED + plaintextLength} bytes (or more) by hand.
 */
public final class EccCipherBlob {

    /** BYTE XCoordinate[64]; C1.x, right-aligned */
    public static final int X = 0;
    /** BYTE YCoordinate[64]; C1.y, right-aligned */
    public static final int Y = 64;
    /** BYTE HASH[32]; C3 = SM3(x2 || M || y2) */
    public static final int HASH = 128;
    /** ULONG CipherLen; length of C2 */
    public static final int CIPHER_LEN = 160;
    /** BYTE Cipher[CipherLen]; C2 */
    public static final int CIPHER = 164;
    /** Bytes before the variable tail. */
    public static final int FIXED = 164;
    /** One library declares a fixed Cipher[512]; size output buffers for at least that. */
    public static final int VENDOR_FIXED_TAIL = 512;

    private EccCipherBlob() {
    }
}
