package cn.yzt.ops.server.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A tiny SM2 CA built with BouncyCastle for tests: leaves, revocation, CRLs. */
public final class TestPki {

    static {
        if (Security.getProvider("BC") == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xFFFFFFFFL);

    public record Identity(X509Certificate cert, PrivateKey key) {
    }

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate cert;
    private final java.util.List<BigInteger> revoked = new java.util.ArrayList<>();

    public TestPki(String cn) {
        try {
            this.name = new X500Name("CN=" + cn + ",O=YZT Test,C=CN");
            this.keys = sm2KeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.cert = new JcaX509CertificateConverter().setProvider("BC").getCertificate(b.build(signer(keys.getPrivate())));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private TestPki(X500Name name, KeyPair keys, X509Certificate cert) {
        this.name = name;
        this.keys = keys;
        this.cert = cert;
    }

    /** An intermediate CA certified by this one (basicConstraints CA, keyCertSign + cRLSign). */
    public TestPki subCa(String cn) {
        try {
            X500Name sub = new X500Name("CN=" + cn + ",O=YZT Test,C=CN");
            KeyPair kp = sm2KeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), sub, kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestPki(sub, kp, new JcaX509CertificateConverter().setProvider("BC").getCertificate(b.build(signer(keys.getPrivate()))));
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static KeyPair sm2KeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "BC");
            g.initialize(new ECGenParameterSpec("sm2p256v1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public X509Certificate caCert() {
        return cert;
    }

    /** A user signing certificate (digitalSignature + nonRepudiation), valid now. */
    public Identity issue(String cn) {
        return issue(cn, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)),
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
    }

    public Identity issue(String cn, Instant notBefore, Instant notAfter, int keyUsage) {
        try {
            KeyPair kp = sm2KeyPair();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + cn + ",O=YZT Test,C=CN"), kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            X509Certificate c = new JcaX509CertificateConverter().setProvider("BC").getCertificate(b.build(signer(keys.getPrivate())));
            return new Identity(c, kp.getPrivate());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public void revoke(X509Certificate c) {
        revoked.add(c.getSerialNumber());
    }

    public X509CRL crl(Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(thisUpdate));
            b.setNextUpdate(Date.from(nextUpdate));
            for (BigInteger s : revoked) {
                b.addCRLEntry(s, Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            X509CRLHolder h = b.build(signer(keys.getPrivate()));
            return new JcaX509CRLConverter().setProvider("BC").getCRL(h);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    public X509CRL currentCrl() {
        return crl(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(1)));
    }

    private static ContentSigner signer(PrivateKey k) throws Exception {
        return new JcaContentSignerBuilder("SM3withSM2").setProvider("BC").build(k);
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }
}
