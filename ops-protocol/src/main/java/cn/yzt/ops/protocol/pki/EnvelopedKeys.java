package cn.yzt.ops.protocol.pki;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.util.BigIntegers;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * The KMC side of GM/T 0009 key delivery: seals an SM2 encryption key pair for the holder of a
 * signature key. A fresh SM4 key encrypts d (ECB, no padding) and is itself SM2-encrypted
 * (C1C3C2, re-encoded as SM2Cipher) to the recipient's signature public key. Used by the test CA
 * and the demo's CA; a real CA's KMC does the same.
 */
public final class EnvelopedKeys {

    /** OID written into symAlgID: sm4 (1.2.156.10197.1.104), which SKF maps to SGD_SM4_ECB. */
    public static final ASN1ObjectIdentifier SM4_OID = GMObjectIdentifiers.sm_scheme.branch("104");

    /** How d is laid out before SM4-ECB: 32 bytes, or the 64-byte right-aligned SKF field. */
    public enum PrivateKeyFormat { D_32, FIELD_64 }

    /** BouncyCastle's optimised SM2 curve (GMNamedCurves' generic Fp curve is ~10x slower). */

    private EnvelopedKeys() {
    }

    /** Seals with a 32-byte d (the common CA practice) and a strong random. */
    public static byte[] seal(PublicKey recipientSignKey, KeyPair encKeyPair) {
        return seal(recipientSignKey, encKeyPair, PrivateKeyFormat.D_32, new SecureRandom());
    }

    /** Returns the DER of a GM/T 0009 SM2EnvelopedKey. */
    public static byte[] seal(PublicKey recipientSignKey, KeyPair encKeyPair, PrivateKeyFormat format,
                              SecureRandom random) {
        if (!(encKeyPair.getPrivate() instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("the encryption key pair must be an SM2 (EC) key pair");
        }
        byte[] sm4Key = new byte[16];
        byte[] plain = null;
        try {
            random.nextBytes(sm4Key);
            plain = privateKeyBytes((ECPrivateKey) encKeyPair.getPrivate(), format);
            byte[] encryptedD = sm4Ecb(sm4Key, plain);
            Sm2Cipher wrappedKey = Sm2Cipher.fromC1C3C2(sm2Encrypt(recipientSignKey, sm4Key, random));
            byte[][] xy = Sm2.coordinates(encKeyPair.getPublic());
            byte[] point = new byte[65];
            point[0] = 0x04;
            System.arraycopy(xy[0], 0, point, 1, 32);
            System.arraycopy(xy[1], 0, point, 33, 32);
            AlgorithmIdentifier alg = new AlgorithmIdentifier(SM4_OID);
            return new Sm2EnvelopedKey(alg, wrappedKey, point, encryptedD).getEncoded();
        } finally {
            Arrays.fill(sm4Key, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] privateKeyBytes(ECPrivateKey key, PrivateKeyFormat format) {
        byte[] d = BigIntegers.asUnsignedByteArray(32, key.getS());
        if (format == PrivateKeyFormat.D_32) {
            return d;
        }
        byte[] field = new byte[64];
        System.arraycopy(d, 0, field, 32, 32);
        Arrays.fill(d, (byte) 0);
        return field;
    }

    private static byte[] sm4Ecb(byte[] key, byte[] plain) {
        SM4Engine sm4 = new SM4Engine();
        sm4.init(true, new KeyParameter(key));
        byte[] out = new byte[plain.length];
        for (int off = 0; off < plain.length; off += 16) {
            sm4.processBlock(plain, off, out, off);
        }
        return out;
    }

    private static byte[] sm2Encrypt(PublicKey recipient, byte[] plain, SecureRandom random) {
        byte[][] xy = Sm2.coordinates(recipient);
        ECPublicKeyParameters pub = new ECPublicKeyParameters(
                Sm2.CURVE.getCurve().createPoint(BigIntegers.fromUnsignedByteArray(xy[0]),
                        BigIntegers.fromUnsignedByteArray(xy[1])), Sm2.DOMAIN);
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(true, new ParametersWithRandom(pub, random));
        try {
            return engine.processBlock(plain, 0, plain.length);
        } catch (InvalidCipherTextException ex) {
            throw new IllegalStateException("SM2 encryption failed", ex);
        }
    }
}
