package cn.yzt.ops.tlcp;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads the peer's TLCP certificates from a finished session, by role. */
public final class TlcpSessions {

    private TlcpSessions() {
    }

    /**
     * The peer's sign certificate: the one our trust manager validated and captured, else the
     * one with digitalSignature among the session's peer certificates.
     */
    public static Optional<X509Certificate> peerSignCertificate(SSLSession session) {
        return captured(session, SignCertCapturingTrustManager.SIGN_KEY)
                .or(() -> CertificateRoles.sign(peerChain(session)));
    }

    public static Optional<X509Certificate> peerEncCertificate(SSLSession session) {
        return captured(session, SignCertCapturingTrustManager.ENC_KEY)
                .or(() -> CertificateRoles.enc(peerChain(session)));
    }

    private static Optional<X509Certificate> captured(SSLSession session, String key) {
        Object v = session == null ? null : session.getValue(key);
        return v instanceof X509Certificate c ? Optional.of(c) : Optional.empty();
    }

    static X509Certificate[] peerChain(SSLSession session) {
        if (session == null) {
            return new X509Certificate[0];
        }
        try {
            Certificate[] certs = session.getPeerCertificates();
            X509Certificate[] out = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                out[i] = (X509Certificate) certs[i];
            }
            return out;
        } catch (SSLPeerUnverifiedException ex) {
            return new X509Certificate[0];
        }
    }
}
