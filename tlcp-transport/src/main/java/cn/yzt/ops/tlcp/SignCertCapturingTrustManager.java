package cn.yzt.ops.tlcp;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

import cn.yzt.ops.protocol.crypto.Sm2;

/**
 * Validates a TLCP peer's dual certificates (sign and enc, picked by key usage) against a
 * {@link TrustPolicy}, and on the client side checks the host name and the optional pin on the
 * server's SIGN certificate. It stores the validated sign certificate in the handshake session
 * ({@link TlcpSessions#peerSignCertificate}) because a bgmprovider client session later shows
 * only [server enc, CA]. Immutable and shared by all connections of a context.
 */
public final class SignCertCapturingTrustManager extends X509ExtendedTrustManager {

    static final String SIGN_KEY = "cn.yzt.ops.tlcp.peerSignCertificate";
    static final String ENC_KEY = "cn.yzt.ops.tlcp.peerEncCertificate";

    private final TrustPolicy policy;
    private final boolean verifyHostname;
    private final byte[] pinnedSignSm3;

    /**
     * @param pinnedSignSm3 SM3 of the server sign certificate's DER, or null for no pin
     */
    public SignCertCapturingTrustManager(TrustPolicy policy, boolean verifyHostname, byte[] pinnedSignSm3) {
        this.policy = policy;
        this.verifyHostname = verifyHostname;
        this.pinnedSignSm3 = pinnedSignSm3 == null ? null : pinnedSignSm3.clone();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, handshakeSession(socket), false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine == null ? null : engine.getHandshakeSession(), false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null, false);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, handshakeSession(socket), true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine == null ? null : engine.getHandshakeSession(), true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, null, true);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return policy.anchors().toArray(new X509Certificate[0]);
    }

    /*
     * bgmprovider 1.1.4 calls the trust manager once per role, with [sign, CAs] and then with
     * [enc, CAs] (other stacks pass [sign, enc, CAs]); so each call checks whichever of the two
     * roles its chain holds, and needs at least one.
     */
    private void check(X509Certificate[] chain, SSLSession session, boolean peerIsServer)
            throws TlcpCertificateException {
        if (chain == null || chain.length == 0) {
            throw new TlcpCertificateException(TlcpFailure.NO_CLIENT_CERTIFICATE, "empty chain", null);
        }
        Optional<X509Certificate> sign = CertificateRoles.sign(chain);
        Optional<X509Certificate> enc = CertificateRoles.enc(chain);
        if (sign.isEmpty() && enc.isEmpty()) {
            throw new TlcpCertificateException(TlcpFailure.BAD_KEY_USAGE,
                    "no sign or enc certificate in " + describe(chain), null);
        }
        List<X509Certificate> cas = CertificateRoles.cas(chain);
        if (sign.isPresent()) {
            policy.validate(sign.get(), cas);
            if (peerIsServer) {
                checkServerIdentity(sign.get(), session);
            }
        }
        if (enc.isPresent()) {
            policy.validate(enc.get(), cas);
        }
        if (session != null) {
            sign.ifPresent(c -> session.putValue(SIGN_KEY, c));
            enc.ifPresent(c -> session.putValue(ENC_KEY, c));
        }
    }

    private void checkServerIdentity(X509Certificate sign, SSLSession session) throws TlcpCertificateException {
        if (verifyHostname) {
            String host = session == null ? null : session.getPeerHost();
            if (!HostnameMatcher.matches(host, sign)) {
                throw new TlcpCertificateException(TlcpFailure.NAME_MISMATCH,
                        "host " + host + " not in " + sign.getSubjectX500Principal(), null);
            }
        }
        if (pinnedSignSm3 != null) {
            byte[] actual;
            try {
                actual = Sm2.sm3(sign.getEncoded());
            } catch (java.security.cert.CertificateEncodingException ex) {
                throw new TlcpCertificateException(TlcpFailure.OTHER, "unencodable certificate", ex);
            }
            if (!Arrays.equals(actual, pinnedSignSm3)) {
                throw new TlcpCertificateException(TlcpFailure.PIN_MISMATCH,
                        sign.getSubjectX500Principal().toString(), null);
            }
        }
    }

    private static String describe(X509Certificate[] chain) {
        StringBuilder b = new StringBuilder("[");
        for (X509Certificate c : chain) {
            b.append(c.getSubjectX500Principal()).append(" ku=").append(Arrays.toString(c.getKeyUsage()))
                    .append(" bc=").append(c.getBasicConstraints()).append("; ");
        }
        return b.append(']').toString();
    }

    private static SSLSession handshakeSession(Socket socket) {
        return socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
    }
}
