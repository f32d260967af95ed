package cn.yzt.ops.tlcp;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * An immutable, ready TLCP server: dual certificates, client authentication required, TLCP only.
 * Build with {@link TlcpContexts#server()}; for Jetty see {@link TlcpJetty}.
 */
public final class TlcpServerContext {

    private final SSLContext sslContext;
    private final List<String> suites;
    private final DualCertKeyManager identity;

    TlcpServerContext(SSLContext sslContext, List<String> suites, DualCertKeyManager identity) {
        this.sslContext = sslContext;
        this.suites = List.copyOf(suites);
        this.identity = identity;
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public List<String> suites() {
        return suites;
    }

    public DualCertKeyManager identity() {
        return identity;
    }

    /** TLCP only (a TLS 1.2/1.3 ClientHello is refused), the context's suites, client cert required. */
    public SSLParameters parameters() {
        SSLParameters p = new SSLParameters(suites.toArray(new String[0]), new String[] {TlcpSuites.PROTOCOL});
        p.setNeedClientAuth(true);
        return p;
    }

    /** A listening socket (port 0: ephemeral) configured with {@link #parameters()}. */
    public SSLServerSocket newServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        SSLServerSocket s = (SSLServerSocket) sslContext.getServerSocketFactory()
                .createServerSocket(port, backlog, bindAddress);
        s.setSSLParameters(parameters());
        return s;
    }
}
