package cn.yzt.ops.client.login;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** A container on the key and its signing certificate (null fields when there is none). */
public record CertificateInfo(String container, String subject, String issuer, Instant notBefore, Instant notAfter) {

    static CertificateInfo of(String container, X509Certificate cert) {
        if (cert == null) {
            return new CertificateInfo(container, null, null, null, null);
        }
        return new CertificateInfo(container, cert.getSubjectX500Principal().getName(),
                cert.getIssuerX500Principal().getName(), cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant());
    }

    public boolean hasCertificate() {
        return subject != null;
    }

    @Override
    public String toString() {
        return container;
    }
}
