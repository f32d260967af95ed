package cn.yzt.ops.tlcp;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty 12 glue: an {@code SslContextFactory.Server} on a TLCP server context (TLCP only, client
 * certificate required, the context's suites and nothing of Jetty's default exclusions), and the
 * client's sign certificate for handlers. Connectors need a {@code SecureRequestCustomizer}.
 */
public final class TlcpJetty {

    private TlcpJetty() {
    }

    public static SslContextFactory.Server sslContextFactory(TlcpServerContext ctx) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setSslContext(ctx.sslContext());
        f.setIncludeProtocols(TlcpSuites.PROTOCOL);
        f.setExcludeProtocols();
        f.setIncludeCipherSuites(ctx.suites().toArray(new String[0]));
        f.setExcludeCipherSuites();
        f.setNeedClientAuth(true);
        // Jetty's SNI host check would look at the enc/sign certs with its own parser; TLCP
        // servers here have one identity.
        f.setSniRequired(false);
        return f;
    }

    /** The client's TLCP sign certificate (picked by key usage), if the request came over TLCP. */
    public static Optional<X509Certificate> clientSignCertificate(Request request) {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (!(data instanceof EndPoint.SslSessionData ssl)) {
            return Optional.empty();
        }
        if (ssl.sslSession() != null) {
            Optional<X509Certificate> c = TlcpSessions.peerSignCertificate(ssl.sslSession());
            if (c.isPresent()) {
                return c;
            }
        }
        return CertificateRoles.sign(ssl.peerCertificates());
    }
}
