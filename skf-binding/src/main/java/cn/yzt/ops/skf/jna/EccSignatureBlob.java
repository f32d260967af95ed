package cn.yzt.ops.skf.jna;

import com.sun.jna.Structure;

/** ECCSIGNATUREBLOB, 128 bytes (SKF-SPEC §3.7). */
@Structure.FieldOrder({"r", "s"})
public class EccSignatureBlob extends Structure {

    public static final int SIZE = 128;

    /** BYTE r[ECC_MAX_XCOORDINATE_BITS_LEN/8]; big-endian, right-aligned */
    public byte[] r = new byte[64];
    /** BYTE s[ECC_MAX_XCOORDINATE_BITS_LEN/8]; big-endian, right-aligned */
    public byte[] s = new byte[64];

    public int offsetOf(String field) {
        return fieldOffset(field);
    }
}
