package cn.yzt.ops.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * Z, e and the DER conversion are what every token signature depends on: a host-side e that is off
 * by one byte gives signatures no verifier accepts. Checked by signing e with the bare SM2
 * primitive (as a UKEY does) and verifying over M with BouncyCastle's SM3withSM2.
 */
class Sm2Test {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void signatureOverHostComputedEVerifiesAsSm3WithSm2OverMessage() throws Exception {
        KeyPair kp = sm2KeyPair();
        byte[][] xy = Sm2.coordinates(kp.getPublic());
        byte[] message = "一张图 login statement".getBytes(StandardCharsets.UTF_8);

        byte[] raw = signPrimitive(((ECPrivateKey) kp.getPrivate()).getS(), Sm2.e(Sm2.DEFAULT_ID, xy[0], xy[1], message));

        Signature v = Signature.getInstance("SM3withSM2", BC);
        v.initVerify(Sm2.publicKey(xy[0], xy[1]));
        v.update(message);
        assertThat(v.verify(Sm2.rawToDer(raw))).isTrue();

        v.initVerify(kp.getPublic());
        v.update("another message".getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Sm2.rawToDer(raw))).isFalse();
    }

    @Test
    void customIdChangesZ() throws Exception {
        KeyPair kp = sm2KeyPair();
        byte[][] xy = Sm2.coordinates(kp.getPublic());
        byte[] id = "ops@yzt".getBytes(StandardCharsets.US_ASCII);
        byte[] message = {1, 2, 3};
        byte[] raw = signPrimitive(((ECPrivateKey) kp.getPrivate()).getS(), Sm2.e(id, xy[0], xy[1], message));

        Signature v = Signature.getInstance("SM3withSM2", BC);
        v.setParameter(new SM2ParameterSpec(id));
        v.initVerify(kp.getPublic());
        v.update(message);
        assertThat(v.verify(Sm2.rawToDer(raw))).isTrue();
        assertThat(Sm2.z(id, xy[0], xy[1])).isNotEqualTo(Sm2.z(Sm2.DEFAULT_ID, xy[0], xy[1]));
    }

    @Test
    void derRoundTripKeepsLeadingZeroValues() {
        byte[] raw = new byte[64];
        raw[31] = 1;              // r = 1: DER strips the 31 leading zero bytes
        raw[32] = (byte) 0x80;    // s with the top bit set: DER needs a 0x00 prefix
        byte[] der = Sm2.rawToDer(raw);
        assertThat(Sm2.derToRaw(der)).isEqualTo(raw);
        assertThatThrownBy(() -> Sm2.rawToDer(new byte[63])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pointOffTheCurveIsRefused() {
        byte[] x = new byte[32];
        byte[] y = new byte[32];
        x[31] = 1;
        y[31] = 1;
        assertThatThrownBy(() -> Sm2.publicKey(x, y)).isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyPair sm2KeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    /** GB/T 32918.2 signing of a given e: r = (e + x1) mod n, s = (1+d)^-1 (k - r d) mod n. */
    private static byte[] signPrimitive(BigInteger d, byte[] e) {
        BigInteger n = Sm2.DOMAIN.getN();
        BigInteger ev = new BigInteger(1, e);
        while (true) {
            BigInteger k = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), RANDOM);
            ECPoint p = Sm2.DOMAIN.getG().multiply(k).normalize();
            BigInteger r = ev.add(p.getAffineXCoord().toBigInteger()).mod(n);
            if (r.signum() == 0 || r.add(k).equals(n)) {
                continue;
            }
            BigInteger s = d.add(BigInteger.ONE).modInverse(n).multiply(k.subtract(r.multiply(d))).mod(n);
            if (s.signum() == 0) {
                continue;
            }
            byte[] out = new byte[64];
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, r), 0, out, 0, 32);
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
            return out;
        }
    }
}
