package cn.yzt.ops.skf;

/**
 * Converts a GM/T 0009 SM2EnvelopedKey (DER, as a CA's key management centre delivers it) to the
 * GM/T 0016 ENVELOPEDKEYBLOB that SKF_ImportECCKeyPair takes (SKF-SPEC §3.9, §6 step 4).
 */
public final class EnvelopedKeys {

    private EnvelopedKeys() {
    }

    /** Placement of the 32-byte encrypted d inside the 64-byte cbEncryptedPriKey field. */
    public enum Placement { RIGHT_ALIGNED_32, FULL_64, LEFT_ALIGNED_32 }

    public static byte[] toBlob(byte[] sm2EnvelopedKeyDer, Placement placement) {
        throw new UnsupportedOperationException("TODO");
    }
}
