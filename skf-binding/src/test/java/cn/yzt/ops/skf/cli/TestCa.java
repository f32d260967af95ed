package cn.yzt.ops.skf.cli;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.BigIntegers;

import cn.yzt.ops.protocol.pki.EnvelopedKeys;
import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;

/** A throw-away SM2 CA and KMC for tests: root certificate, sign and enc certificates, sealed enc key pairs. */
public final class TestCa {

    public static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final KeyPair root = newKeyPair();
    private final X500Name rootName = new X500Name("CN=YZT Test Root,O=YZT,C=CN");
    private final X509CertificateHolder rootCert;
    private long serial = 1;

    public TestCa() {
        rootCert = issue(rootName, Sm2PublicKeyInfo.of(root.getPublic()), true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("sm2p256v1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The 32-byte private scalar of a software key (tests look for it in every output). */
    public static byte[] scalar(KeyPair pair) {
        return BigIntegers.asUnsignedByteArray(32, ((ECPrivateKey) pair.getPrivate()).getS());
    }

    /** A JCA (BouncyCastle) public key from its SubjectPublicKeyInfo. */
    public static PublicKey publicKey(SubjectPublicKeyInfo spki) {
        try {
            return KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A JCA certificate (parsed by BouncyCastle: the JDK cannot parse SM2 certificates). */
    public static X509Certificate certificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public X509CertificateHolder rootCertificate() {
        return rootCert;
    }

    /** Sign certificate from a CSR: digitalSignature + nonRepudiation. */
    public X509CertificateHolder issueSign(PKCS10CertificationRequest csr) {
        return issue(csr.getSubject(), csr.getSubjectPublicKeyInfo(), false,
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
    }

    /** Encryption certificate for a KMC-generated key pair. */
    public X509CertificateHolder issueEnc(X500Name subject, PublicKey encKey) {
        return issue(subject, Sm2PublicKeyInfo.of(encKey), false,
                KeyUsage.keyEncipherment | KeyUsage.dataEncipherment | KeyUsage.keyAgreement);
    }

    /** The KMC's GM/T 0009 delivery of {@code encKeyPair} to the holder of {@code recipientSignKey}. */
    public byte[] seal(PublicKey recipientSignKey, KeyPair encKeyPair, EnvelopedKeys.PrivateKeyFormat format) {
        return EnvelopedKeys.seal(recipientSignKey, encKeyPair, format, new SecureRandom());
    }

    private X509CertificateHolder issue(X500Name subject, SubjectPublicKeyInfo spki, boolean ca, int keyUsage) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(rootName, BigInteger.valueOf(serial++),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))),
                    subject, spki);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            ContentSigner signer = new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(root.getPrivate());
            return b.build(signer);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }
}
