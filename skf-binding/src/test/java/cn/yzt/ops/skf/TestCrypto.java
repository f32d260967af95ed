package cn.yzt.ops.skf;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import cn.yzt.ops.protocol.crypto.Sm2;

/** BouncyCastle as the independent judge of what the token produced. */
final class TestCrypto {

    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestCrypto() {
    }

    /** SM3withSM2 over {@code message} with signer {@code id} (null = default). */
    static boolean verifies(PublicKey key, byte[] message, byte[] id, byte[] der) {
        try {
            Signature v = Signature.getInstance("SM3withSM2", BC);
            if (id != null) {
                v.setParameter(new SM2ParameterSpec(id));
            }
            v.initVerify(key);
            v.update(message);
            return v.verify(der);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static boolean verifies(PublicKey key, byte[] message, byte[] der) {
        return verifies(key, message, Sm2.DEFAULT_ID, der);
    }

    static KeyPair sm2KeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("sm2p256v1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A self-signed SM2 certificate (DER) for {@code kp}, CN = {@code cn}. */
    static byte[] selfSignedCertificate(KeyPair kp, String cn) throws Exception {
        X500Name name = new X500Name("CN=" + cn + ",O=YZT");
        Date now = new Date();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getTime()),
                now, new Date(now.getTime() + 86_400_000L), name, kp.getPublic());
        ContentSigner signer = new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(kp.getPrivate());
        return b.build(signer).getEncoded();
    }

    /** GM/T 0003 C1||C3||C2 decryption with BouncyCastle. */
    static byte[] decrypt(KeyPair kp, byte[] c1c3c2) throws Exception {
        BCECPrivateKey priv = (BCECPrivateKey) kp.getPrivate();
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, new ECPrivateKeyParameters(priv.getD(), Sm2.DOMAIN));
        return engine.processBlock(c1c3c2, 0, c1c3c2.length);
    }
}
