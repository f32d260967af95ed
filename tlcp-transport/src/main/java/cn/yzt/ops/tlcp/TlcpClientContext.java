package cn.yzt.ops.tlcp;

import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/** An immutable, ready TLCP client: build with {@link TlcpContexts#client()}. */
public final class TlcpClientContext {

    private final SSLContext sslContext;
    private final TlcpSocketFactory socketFactory;
    private final SignCertCapturingTrustManager trustManager;
    private final List<String> suites;
    private final DualCertKeyManager identity;

    TlcpClientContext(SSLContext sslContext, SignCertCapturingTrustManager trustManager, List<String> suites,
                      DualCertKeyManager identity) {
        this.sslContext = sslContext;
        this.trustManager = trustManager;
        this.suites = List.copyOf(suites);
        this.identity = identity;
        this.socketFactory = new TlcpSocketFactory(sslContext.getSocketFactory(), this.suites);
    }

    /** bgmprovider's GMTLS context (sockets from it still need the suite list: use socketFactory). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Sockets that speak TLCP only, with the context's suites. */
    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public List<String> suites() {
        return suites;
    }

    /** The client's sign/enc identity, empty for a client without certificate. */
    public Optional<DualCertKeyManager> identity() {
        return Optional.ofNullable(identity);
    }
}
