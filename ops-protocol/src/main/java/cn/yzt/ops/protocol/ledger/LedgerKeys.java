package cn.yzt.ops.protocol.ledger;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import cn.yzt.ops.protocol.crypto.Sm2;

/** The ledger key's identity and SM3withSM2 (default ID) verification, BouncyCastle used explicitly. */
public final class LedgerKeys {

    static final Provider BC = new BouncyCastleProvider();

    private LedgerKeys() {
    }

    /** Key id: SM3 of the DER SubjectPublicKeyInfo. */
    public static byte[] keyId(PublicKey key) {
        return Sm2.sm3(key.getEncoded());
    }

    /** An SM2 public key from DER SubjectPublicKeyInfo; IllegalArgumentException if it is not one. */
    public static PublicKey sm2PublicKey(byte[] spkiDer) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(spkiDer);
            if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                    || !GMObjectIdentifiers.sm2p256v1.equals(spki.getAlgorithm().getParameters())) {
                throw new IllegalArgumentException("not an SM2 (sm2p256v1) public key");
            }
            return KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(spkiDer));
        } catch (GeneralSecurityException | RuntimeException ex) {
            if (ex instanceof IllegalArgumentException i) {
                throw i;
            }
            throw new IllegalArgumentException("not an SM2 public key: " + ex.getMessage(), ex);
        }
    }

    /** SM3withSM2 with the default ID; false for any malformed input. */
    static boolean verify(PublicKey key, byte[] message, byte[] derSignature) {
        try {
            Signature s = Signature.getInstance("SM3withSM2", BC);
            s.initVerify(sm2PublicKey(key.getEncoded()));
            s.update(message);
            return s.verify(derSignature);
        } catch (GeneralSecurityException | RuntimeException ex) {
            return false;
        }
    }
}
