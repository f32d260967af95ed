package cn.yzt.ops.tlcp.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An SM2 certificate authority for deployments without a third-party CA, the demo and tests:
 * issues sign and enc certificates (usages by {@link CertificateProfile}), sign certificates from
 * a PKCS#10 request made on the token, enc key pairs delivered as GM/T 0009 envelopes, and keeps
 * the revocation list.
 */
public final class CertificateAuthority {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final CrlPublisher crls;
    private final EncKeySealer sealer;

    public CertificateAuthority(X509Certificate certificate, PrivateKey key, EncKeySealer sealer) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.key = Objects.requireNonNull(key, "key");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.crls = new CrlPublisher(certificate, key, Duration.ofDays(7));
    }

    public CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this(certificate, key, EncKeySealer.GM_T_0009);
    }

    /** A new self-signed SM2 root CA with a fresh key pair. */
    public static CertificateAuthority createRoot(String subjectDn, Validity validity) {
        KeyPair kp = Sm2KeyPairs.generate();
        X500Name subject = new X500Name(subjectDn);
        X509Certificate root = sign(kp.getPrivate(), subject, subject, kp.getPublic(), validity,
                CertificateProfile.CA, List.of(), null);
        return new CertificateAuthority(root, kp.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA key, for persisting the CA (PemFiles); never leaves the process otherwise. */
    PrivateKey privateKey() {
        return key;
    }

    /** Issues a certificate for a public key the caller already holds (server keys, tests). */
    public X509Certificate issue(String subjectDn, PublicKey publicKey, CertificateProfile profile,
                                 Validity validity, List<String> subjectAltNames) {
        if (profile == CertificateProfile.CA) {
            throw new PkiException("pki.profile.ca", null);
        }
        return sign(key, X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                new X500Name(subjectDn), publicKey, validity, profile, subjectAltNames, certificate);
    }

    /**
     * A sign certificate for the key inside a PKCS#10 request (made on the token): the request's
     * self-signature proves possession; subject and key are copied from it.
     */
    public X509Certificate issueSignFromCsr(byte[] csrDer, Validity validity, List<String> subjectAltNames) {
        JcaPKCS10CertificationRequest csr;
        PublicKey publicKey;
        try {
            csr = new JcaPKCS10CertificationRequest(csrDer).setProvider(Bc.PROVIDER);
            publicKey = csr.getPublicKey();
            boolean ok = csr.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().setProvider(Bc.PROVIDER).build(publicKey));
            if (!ok) {
                throw new PkiException("pki.csr.badSignature", null);
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException
                 | IllegalArgumentException ex) {
            throw new PkiException("pki.csr.invalid", ex);
        }
        return sign(key, X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                csr.getSubject(), publicKey, validity, CertificateProfile.SIGN, subjectAltNames, certificate);
    }

    /**
     * Makes the user's enc key pair here (GM/T 0014 practice: the KMC generates enc keys so they
     * can be escrowed), certifies it, and seals it to the token's sign public key. The private
     * key leaves this method only inside the envelope.
     */
    public IssuedEncKey issueEncKey(String subjectDn, PublicKey recipientSignPublicKey, Validity validity) {
        KeyPair enc = Sm2KeyPairs.generate();
        X509Certificate cert = issue(subjectDn, enc.getPublic(), CertificateProfile.ENC, validity, List.of());
        return new IssuedEncKey(cert, sealer.seal(recipientSignPublicKey, enc));
    }

    /** Records a revocation (RFC 5280 reason code, e.g. CRLReason.keyCompromise). */
    public void revoke(BigInteger serial, int reason) {
        crls.revoke(new CrlPublisher.Revocation(serial, Instant.now(), reason));
    }

    /** Re-records a revocation read back from the CA's store, with its original date. */
    public void restoreRevocation(CrlPublisher.Revocation revocation) {
        crls.revoke(revocation);
    }

    public void revoke(X509Certificate issued) {
        revoke(issued.getSerialNumber(), CRLReason.unspecified);
    }

    public CrlPublisher crlPublisher() {
        return crls;
    }

    /** A freshly signed CRL with all revocations so far. */
    public X509CRL crl() {
        return crls.publish();
    }

    private static X509Certificate sign(PrivateKey signer, X500Name issuer, X500Name subject, PublicKey publicKey,
                                        Validity validity, CertificateProfile profile, List<String> sans,
                                        X509Certificate issuerCert) {
        try {
            BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, publicKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            boolean ca = profile == CertificateProfile.CA;
            b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0) : new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, profile.keyUsage());
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey));
            if (issuerCert != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, generalNames(sans));
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                    b.build(new JcaContentSignerBuilder("SM3withSM2").setProvider(Bc.PROVIDER).build(signer)));
            return cert;
        } catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
            throw new PkiException("pki.issue.failed", ex, subject.toString());
        }
    }

    private static GeneralNames generalNames(List<String> sans) {
        List<GeneralName> names = new ArrayList<>();
        for (String san : sans) {
            names.add(isIpLiteral(san) ? new GeneralName(GeneralName.iPAddress, san)
                    : new GeneralName(GeneralName.dNSName, san));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    static boolean isIpLiteral(String s) {
        if (s.contains(":")) {
            return true;
        }
        if (!s.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (IOException ex) {
            return false;
        }
    }
}
