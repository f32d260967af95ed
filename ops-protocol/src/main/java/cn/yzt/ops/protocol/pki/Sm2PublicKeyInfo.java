package cn.yzt.ops.protocol.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;

import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * SubjectPublicKeyInfo of an SM2 key with the NAMED curve (id-ecPublicKey + sm2p256v1), whatever
 * parameter form the JCA key object carries. Explicit curve parameters (what a key built from a
 * plain ECParameterSpec encodes) are refused by OpenSSL's SM2 detection and by most CAs.
 */
public final class Sm2PublicKeyInfo {

    private Sm2PublicKeyInfo() {
    }

    public static SubjectPublicKeyInfo of(PublicKey key) {
        byte[][] xy = Sm2.coordinates(key);
        byte[] point = new byte[65];
        point[0] = 0x04;
        System.arraycopy(xy[0], 0, point, 1, 32);
        System.arraycopy(xy[1], 0, point, 33, 32);
        return new SubjectPublicKeyInfo(
                new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1), point);
    }

    /** DER of {@link #of}. */
    public static byte[] encoded(PublicKey key) {
        try {
            return of(key).getEncoded("DER");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
