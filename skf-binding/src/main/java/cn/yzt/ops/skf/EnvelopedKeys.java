package cn.yzt.ops.skf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;

import cn.yzt.ops.protocol.pki.Sm2Cipher;
import cn.yzt.ops.protocol.pki.Sm2EnvelopedKey;

/**
 * Converts a GM/T 0009 SM2EnvelopedKey (DER, as a CA's key management centre delivers it) to the
 * GM/T 0016 ENVELOPEDKEYBLOB that SKF_ImportECCKeyPair takes (SKF-SPEC §3.9, §6 step 4).
 */
public final class EnvelopedKeys {

    /** Fixed part of ENVELOPEDKEYBLOB up to ECCCIPHERBLOB.Cipher. */
    static final int FIXED_SIZE = 372;

    private static final int SGD_SM1_ECB = 0x101;
    private static final int SGD_SM4_ECB = 0x401;
    private static final ASN1ObjectIdentifier SM1 = GMObjectIdentifiers.sm_scheme.branch("102");
    private static final ASN1ObjectIdentifier SM4 = GMObjectIdentifiers.sm_scheme.branch("104");

    private EnvelopedKeys() {
    }

    /** Placement of the 32-byte encrypted d inside the 64-byte cbEncryptedPriKey field. */
    public enum Placement { RIGHT_ALIGNED_32, FULL_64, LEFT_ALIGNED_32 }

    /**
     * @throws IllegalArgumentException when the bytes are not a GM/T 0009 SM2EnvelopedKey, name a
     *         symmetric algorithm SKF cannot import (only SM4/SM1 in ECB mode), or when FULL_64 is
     *         asked for an envelope that only carries the 32-byte ciphertext of d
     */
    public static byte[] toBlob(byte[] sm2EnvelopedKeyDer, Placement placement) {
        Sm2EnvelopedKey env = Sm2EnvelopedKey.parse(sm2EnvelopedKeyDer);
        int symmAlgId = symmAlgId(env.symAlgId().getAlgorithm());
        Sm2Cipher wrapped = env.symEncryptedKey();
        byte[] cipherText = wrapped.cipherText();

        ByteBuffer b = ByteBuffer.allocate(FIXED_SIZE + cipherText.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1);                                   // Version
        b.putInt(symmAlgId);                           // ulSymmAlgID
        b.putInt(256);                                 // ulBits of the protected SM2 key pair
        b.put(encryptedPrivateKeyField(env.encryptedPrivateKey(), placement)); // cbEncryptedPriKey[64]
        byte[] point = env.publicKey();
        b.putInt(256);                                 // PubKey.BitLen
        b.put(rightAligned64(Arrays.copyOfRange(point, 1, 33)));  // PubKey.XCoordinate
        b.put(rightAligned64(Arrays.copyOfRange(point, 33, 65))); // PubKey.YCoordinate
        b.put(rightAligned64(wrapped.x()));            // ECCCipherBlob.XCoordinate
        b.put(rightAligned64(wrapped.y()));            // ECCCipherBlob.YCoordinate
        b.put(wrapped.hash());                         // ECCCipherBlob.HASH
        b.putInt(cipherText.length);                   // ECCCipherBlob.CipherLen
        b.put(cipherText);                             // ECCCipherBlob.Cipher
        return b.array();
    }

    private static int symmAlgId(ASN1ObjectIdentifier oid) {
        // The bare algorithm OID and its ".1" ECB arc both mean ECB here (SKF only takes ECB).
        if (oid.equals(SM4) || oid.equals(GMObjectIdentifiers.sms4_ecb)) {
            return SGD_SM4_ECB;
        }
        if (oid.equals(SM1) || oid.equals(GMObjectIdentifiers.sm1_ecb)) {
            return SGD_SM1_ECB;
        }
        throw new IllegalArgumentException("unsupported symAlgID " + oid
                + ": SKF imports only SM4-ECB (1.2.156.10197.1.104) or SM1-ECB (1.2.156.10197.1.102)");
    }

    /**
     * SM4/SM1-ECB encrypts block by block, so a 64-byte ciphertext of (32 zero bytes || d) ends in
     * the 32-byte ciphertext of d, and a 48-byte one (d plus a PKCS#7 block) starts with it: either
     * serves the 32-byte placements. The reverse (32 → 64) would need the key.
     */
    private static byte[] encryptedPrivateKeyField(byte[] encrypted, Placement placement) {
        byte[] field = new byte[64];
        if (placement == Placement.FULL_64) {
            if (encrypted.length != 64) {
                throw new IllegalArgumentException("placement FULL_64 needs the 64-byte ciphertext of the whole "
                        + "right-aligned private key field; this envelope carries " + encrypted.length + " bytes");
            }
            return encrypted;
        }
        byte[] d32 = encrypted.length == 64 ? Arrays.copyOfRange(encrypted, 32, 64) : Arrays.copyOf(encrypted, 32);
        System.arraycopy(d32, 0, field, placement == Placement.RIGHT_ALIGNED_32 ? 32 : 0, 32);
        return field;
    }

    private static byte[] rightAligned64(byte[] value32) {
        byte[] out = new byte[64];
        System.arraycopy(value32, 0, out, 64 - value32.length, value32.length);
        return out;
    }
}
