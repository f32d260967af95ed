package cn.yzt.ops.client.api;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLSocket;

import cn.yzt.ops.tlcp.TlcpSessions;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Network interceptor that remembers what the last TLCP connection negotiated: the suite and the
 * server's SIGN certificate (captured by our trust manager; bgmprovider's own session lists only
 * the enc one). One job: the status bar and the login statement read it.
 */
final class TlcpChannelRecorder implements Interceptor {

    /** The channel as seen by this client. */
    record Channel(String cipherSuite, X509Certificate serverSignCertificate) {
    }

    private final AtomicReference<Channel> last = new AtomicReference<>();

    Channel last() {
        return last.get();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection c = chain.connection();
        if (c != null) {
            Socket s = c.socket();
            if (s instanceof SSLSocket ssl) {
                var session = ssl.getSession();
                X509Certificate sign = TlcpSessions.peerSignCertificate(session).orElse(null);
                last.set(new Channel(session.getCipherSuite(), sign));
            }
        }
        return chain.proceed(chain.request());
    }
}
