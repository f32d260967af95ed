package cn.yzt.ops.protocol.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * SM2 facts every module needs: the curve, the signer identity hash Z (GB/T 32918.2 / GM/T 0009),
 * e = SM3(Z || M), and conversion between a token's raw r||s and the DER signature verifiers expect.
 * Pure functions on public data only.
 */
public final class Sm2 {

    /** GM/T 0009 default signer ID, "1234567812345678". */
    public static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    /** BouncyCastle's optimised sm2p256v1 (10-20x faster point arithmetic than the generic GMNamedCurves one). */
    public static final X9ECParameters CURVE = CustomNamedCurves.getByName("sm2p256v1");
    public static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    /** Named, so that encoded keys carry the sm2p256v1 OID rather than explicit parameters (OpenSSL needs that). */
    private static final ECNamedCurveParameterSpec JCA_SPEC =
            new ECNamedCurveParameterSpec("sm2p256v1", CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());

    private Sm2() {
    }

    /** Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA). */
    public static byte[] z(byte[] id, byte[] x, byte[] y) {
        if (id.length * 8 > 0xFFFF) {
            throw new IllegalArgumentException("SM2 ID too long: " + id.length + " bytes");
        }
        SM3Digest d = new SM3Digest();
        int entl = id.length * 8;
        d.update((byte) (entl >>> 8));
        d.update((byte) entl);
        d.update(id, 0, id.length);
        update32(d, CURVE.getCurve().getA().toBigInteger());
        update32(d, CURVE.getCurve().getB().toBigInteger());
        update32(d, CURVE.getG().getAffineXCoord().toBigInteger());
        update32(d, CURVE.getG().getAffineYCoord().toBigInteger());
        update32(d, new BigInteger(1, x));
        update32(d, new BigInteger(1, y));
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** A fresh SM3 digest already primed with Z, ready to take M; doFinal gives e. */
    public static SM3Digest digestWithZ(byte[] id, byte[] x, byte[] y) {
        SM3Digest d = new SM3Digest();
        byte[] z = z(id, x, y);
        d.update(z, 0, z.length);
        return d;
    }

    /** e = SM3(Z || M) for a whole message. */
    public static byte[] e(byte[] id, byte[] x, byte[] y, byte[] message) {
        SM3Digest d = digestWithZ(id, x, y);
        d.update(message, 0, message.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** Plain SM3. */
    public static byte[] sm3(byte[] data) {
        SM3Digest d = new SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    /** 64-byte r||s (32 bytes each, big-endian) to DER SEQUENCE { INTEGER r, INTEGER s }. */
    public static byte[] rawToDer(byte[] rs) {
        if (rs.length != 64) {
            throw new IllegalArgumentException("raw SM2 signature must be 64 bytes, got " + rs.length);
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 0, 32))));
        v.add(new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))));
        try {
            return new DERSequence(v).getEncoded("DER");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** DER SEQUENCE { r, s } to 64-byte r||s. */
    public static byte[] derToRaw(byte[] der) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        if (seq.size() != 2) {
            throw new IllegalArgumentException("not an SM2 signature: sequence of " + seq.size());
        }
        BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
        BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
        byte[] out = new byte[64];
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
        return out;
    }

    /** A JCA public key (BouncyCastle class, algorithm "EC") for the affine point (x, y). */
    public static PublicKey publicKey(byte[] x, byte[] y) {
        ECPoint q = CURVE.getCurve().createPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!q.isValid()) {
            throw new IllegalArgumentException("point is not on the SM2 curve");
        }
        return new BCECPublicKey("EC", new ECPublicKeySpec(q, JCA_SPEC), BouncyCastleProvider.CONFIGURATION);
    }

    /** x and y (32 bytes each) of an SM2 public key given as a JCA EC key. */
    public static byte[][] coordinates(PublicKey key) {
        if (!(key instanceof java.security.interfaces.ECPublicKey)) {
            throw new IllegalArgumentException("not an EC public key: " + key.getAlgorithm());
        }
        java.security.spec.ECPoint w = ((java.security.interfaces.ECPublicKey) key).getW();
        return new byte[][] {
            BigIntegers.asUnsignedByteArray(32, w.getAffineX()),
            BigIntegers.asUnsignedByteArray(32, w.getAffineY())
        };
    }

    private static void update32(SM3Digest d, BigInteger v) {
        byte[] b = BigIntegers.asUnsignedByteArray(32, v);
        d.update(b, 0, b.length);
    }
}
