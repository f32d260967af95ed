package cn.yzt.ops.client.settings;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away SM2 CA (BouncyCastle) with people, CRLs and PEM files, for the screens' tests. */
public final class TestCerts {
    public static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final KeyPair caKeys = keyPair();
    public final X509Certificate ca;

    public TestCerts(String caName) {
        Instant now = Instant.now();
        ca = issue(new X500Name(caName), caKeys, new X500Name(caName), caKeys.getPrivate(),
                now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS), true);
    }

    /** A person's key pair and a digitalSignature + nonRepudiation certificate. */
    public record Person(KeyPair keys, X509Certificate cert) {
        public ContentSigner signer() {
            return TestCerts.signer(keys.getPrivate());
        }
    }

    public Person person(String subject) {
        KeyPair kp = keyPair();
        Instant now = Instant.now();
        return new Person(kp, issue(new X500Name(subject), kp, X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                caKeys.getPrivate(), now.minus(1, ChronoUnit.DAYS), now.plus(365, ChronoUnit.DAYS), false));
    }

    public X509CRL crl() {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)));
            b.setNextUpdate(Date.from(now.plus(7, ChronoUnit.DAYS)));
            return new JcaX509CRLConverter().setProvider(BC).getCRL(b.build(signer(caKeys.getPrivate())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("sm2p256v1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Objects (certificates, CRLs, public keys) as PEM text in {@code file}. */
    public static Path writePem(Path file, Object... objects) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    private static X509Certificate issue(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, boolean isCa) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(b.build(signer(issuerKey)));
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }
}
