package cn.yzt.ops.skf.jna;

import com.sun.jna.Structure;

/** ECCPUBLICKEYBLOB, 132 bytes (SKF-SPEC §3.4). */
@Structure.FieldOrder({"BitLen", "XCoordinate", "YCoordinate"})
public class EccPublicKeyBlob extends Structure {

    public static final int SIZE = 132;

    /** ULONG BitLen; modulus length in bits, 256 for SM2 */
    public int BitLen;
    /** BYTE XCoordinate[ECC_MAX_XCOORDINATE_BITS_LEN/8]; x, big-endian, right-aligned */
    public byte[] XCoordinate = new byte[64];
    /** BYTE YCoordinate[ECC_MAX_YCOORDINATE_BITS_LEN/8]; y, big-endian, right-aligned */
    public byte[] YCoordinate = new byte[64];

    /** Offset of {@code field} as JNA computed it (layout tests compare it with the C compiler's). */
    public int offsetOf(String field) {
        return fieldOffset(field);
    }
}
