package cn.yzt.ops.tlcp.okhttp;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLSession;

import cn.yzt.ops.tlcp.HostnameMatcher;
import cn.yzt.ops.tlcp.TlcpSessions;

/**
 * Checks the host against the server's SIGN certificate that the trust manager captured.
 * OkHttp's own verifier would look at peerCertificates[0], which in a bgmprovider client
 * session is the server's ENC certificate.
 */
final class TlcpHostnameVerifier implements HostnameVerifier {

    @Override
    public boolean verify(String host, SSLSession session) {
        return TlcpSessions.peerSignCertificate(session).map(c -> HostnameMatcher.matches(host, c)).orElse(false);
    }
}
