package cn.yzt.ops.protocol.operation;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A software SM2 CA and end-entity certificates for tests (what the UKEY holds in production). */
public final class TestPki {

    public static final Provider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    public final KeyPair caKeys = keyPair();
    public final X509Certificate ca;

    public TestPki(String caName) {
        Instant now = Instant.now();
        ca = issue(new X500Name("CN=" + caName), caKeys, new X500Name("CN=" + caName), caKeys.getPrivate(),
                now.minus(1, ChronoUnit.DAYS), now.plus(3650, ChronoUnit.DAYS), true);
    }

    /** A person: key pair plus a certificate with digitalSignature + nonRepudiation. */
    public record Person(String name, KeyPair keys, X509Certificate cert) {
        public ContentSigner signer() {
            return TestPki.signer(keys.getPrivate());
        }
    }

    public Person person(String name) {
        return person(name, Instant.now().minus(1, ChronoUnit.DAYS), Instant.now().plus(365, ChronoUnit.DAYS));
    }

    public Person person(String name, Instant notBefore, Instant notAfter) {
        KeyPair kp = keyPair();
        X509Certificate c = issue(new X500Name("CN=" + name), kp, new X500Name(ca.getSubjectX500Principal().getName()),
                caKeys.getPrivate(), notBefore, notAfter, false);
        return new Person(name, kp, c);
    }

    /** A CRL by this CA revoking the given certificates. */
    public X509CRL crl(X509Certificate... revoked) {
        Instant now = Instant.now();
        return crl(now.minus(1, ChronoUnit.HOURS), now.plus(7, ChronoUnit.DAYS), revoked);
    }

    /** A CRL with the given thisUpdate/nextUpdate. */
    public X509CRL crl(Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(new X500Name(ca.getSubjectX500Principal().getName()),
                    Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate r : revoked) {
                b.addCRLEntry(r.getSerialNumber(), Date.from(now.minus(1, ChronoUnit.MINUTES)), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().setProvider(BC).getCRL(b.build(signer(caKeys.getPrivate())));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
            g.initialize(new ECGenParameterSpec("sm2p256v1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Software SM3withSM2 (default ID), the stand-in for the UKEY's SkfContentSigner. */
    public static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException ex) {
            throw new IllegalStateException(ex);
        }
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
        } catch (GeneralSecurityException | org.bouncycastle.cert.CertIOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
