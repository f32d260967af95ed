package cn.yzt.ops.tlcp.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider instance used for SM2 certificate work. It is used by reference and
 * never registered: JDK 17 cannot parse SM2 certificates ("Unknown named curve"), so every parse
 * and path validation goes through this instance explicitly, whatever the provider list says.
 */
public final class Bc {

    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }

    /** Re-parses any X.509 certificate (JDK, bgmprovider or BC object) as a BC certificate. */
    public static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
    }

    public static X509Certificate certificate(X509Certificate any) throws CertificateException {
        return certificate(any.getEncoded());
    }

    public static X509CRL crl(byte[] der) throws GeneralSecurityException {
        return (X509CRL) factory().generateCRL(new ByteArrayInputStream(der));
    }

    public static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509", PROVIDER);
    }
}
