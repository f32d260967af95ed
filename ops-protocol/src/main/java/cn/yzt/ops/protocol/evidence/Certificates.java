package cn.yzt.ops.protocol.evidence;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Certificates and CRLs parsed by BouncyCastle, whose keys support SM2 (the JDK's X.509 factory
 * does not know sm2p256v1 and would hand out keys no SM2 verifier accepts).
 */
public final class Certificates {

    private static final Provider BC = new BouncyCastleProvider();

    private Certificates() {
    }

    /** DER or PEM, one or several certificates. */
    public static List<X509Certificate> parse(byte[] derOrPem) throws GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : factory().generateCertificates(new ByteArrayInputStream(derOrPem))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    public static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
    }

    public static X509CRL crl(byte[] der) throws GeneralSecurityException {
        return (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
    }

    static List<X509Certificate> viaBouncyCastle(Collection<X509Certificate> in) {
        List<X509Certificate> out = new ArrayList<>();
        for (X509Certificate c : in) {
            try {
                out.add(certificate(c.getEncoded()));
            } catch (GeneralSecurityException ex) {
                throw new IllegalArgumentException("unreadable certificate " + c.getSubjectX500Principal(), ex);
            }
        }
        return out;
    }

    private static CertificateFactory factory() throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509", BC);
    }
}
