package cn.yzt.ops.protocol.operation;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One BouncyCastle provider instance, used explicitly (never installed globally: a library must not). */
final class BcHolder {

    static final Provider BC = new BouncyCastleProvider();

    private BcHolder() {
    }

    /** Re-reads a certificate through BouncyCastle so its public key is an SM2-capable BC key. */
    static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        CertificateFactory f = CertificateFactory.getInstance("X.509", BC);
        return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    }
}
