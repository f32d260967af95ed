package cn.yzt.ops.server.auth;

import java.security.cert.X509Certificate;
import java.util.UUID;

/**
 * A login as decoded at the HTTP boundary. signerCert is what the request claims signed the
 * statement; tlcpClientCert is what the TLCP handshake authenticated (null without client auth).
 */
public record LoginAttempt(UUID challengeId, byte[] statement, byte[] signature, X509Certificate signerCert,
        char[] password, X509Certificate tlcpClientCert, String remote) {
}
