package cn.yzt.ops.server.http;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;

import io.javalin.http.Context;

/**
 * How the API is reached, injected into {@link ApiServer}: production uses {@link TlcpTransport}
 * (TLCP with client authentication); the server code never knows which one it runs on. The
 * transport also answers the two facts the login needs from the channel: the client's
 * certificate for this request and the SM3 of the server's own signing certificate.
 */
public interface Transport {

    /** The connector to listen on (host/port from the configuration). */
    Connector connector(Server server, HttpConfiguration http, String host, int port);

    /** The client's authenticated (TLCP sign) certificate of this request's connection, if any. */
    Optional<X509Certificate> clientCertificate(Context ctx);

    /** SM3 of the server's TLCP signing certificate (what login statements must name). */
    byte[] serverCertSm3();
}
