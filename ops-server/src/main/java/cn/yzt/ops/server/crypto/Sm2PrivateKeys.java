package cn.yzt.ops.server.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * SM2 private keys as the 32-byte scalar d the key vault stores, and back. Keys come out as
 * BouncyCastle "EC" keys, the label bgmprovider's TLCP key selection expects.
 */
public final class Sm2PrivateKeys {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    /** Named curve, so encoded keys carry the sm2p256v1 OID. */
    private static final ECNamedCurveParameterSpec SPEC = ECNamedCurveTable.getParameterSpec("sm2p256v1");

    private Sm2PrivateKeys() {
    }

    /** d of an SM2 private key, 32 bytes big-endian (the caller wipes it). */
    public static byte[] scalar(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IllegalArgumentException("not an SM2 (EC) private key: " + key.getAlgorithm());
        }
        BigInteger d = ec.getS();
        if (d.signum() <= 0 || d.compareTo(Sm2.CURVE.getN()) >= 0) {
            throw new IllegalArgumentException("SM2 private key out of range");
        }
        return BigIntegers.asUnsignedByteArray(32, d);
    }

    /** The private key for d. */
    public static PrivateKey fromScalar(byte[] d) {
        try {
            return KeyFactory.getInstance("EC", BC).generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), SPEC));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("SM2 key factory unavailable", ex);
        }
    }

    /** True when {@code pub} (e.g. of a certificate) is d·G: the key belongs to that certificate. */
    public static boolean matches(byte[] d, PublicKey pub) {
        if (!(pub instanceof ECPublicKey ec)) {
            return false;
        }
        ECPoint q = Sm2.CURVE.getG().multiply(new BigInteger(1, d)).normalize();
        return q.getAffineXCoord().toBigInteger().equals(ec.getW().getAffineX())
                && q.getAffineYCoord().toBigInteger().equals(ec.getW().getAffineY());
    }
}
