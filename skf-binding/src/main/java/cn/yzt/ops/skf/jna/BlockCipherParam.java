package cn.yzt.ops.skf.jna;

import com.sun.jna.Structure;

/** BLOCKCIPHERPARAM, 44 bytes (SKF-SPEC §3.8). EncryptInit/DecryptInit take it BY VALUE. */
@Structure.FieldOrder({"IV", "IVLen", "PaddingType", "FeedBitLen"})
public class BlockCipherParam extends Structure {

    public static final int SIZE = 44;

    /** BYTE IV[MAX_IV_LEN]; first IVLen bytes used */
    public byte[] IV = new byte[32];
    /** ULONG IVLen; */
    public int IVLen;
    /** ULONG PaddingType; 0 none, 1 PKCS#5 */
    public int PaddingType;
    /** ULONG FeedBitLen; CFB/OFB feedback bits, ignored for ECB/CBC */
    public int FeedBitLen;

    public int offsetOf(String field) {
        return fieldOffset(field);
    }

    /** The by-value form for SKF_EncryptInit / SKF_DecryptInit. */
    public static class ByValue extends BlockCipherParam implements Structure.ByValue {
    }
}
