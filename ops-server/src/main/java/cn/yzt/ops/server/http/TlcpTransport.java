package cn.yzt.ops.server.http;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.tlcp.TlcpJetty;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.TlcpServerContext;
import io.javalin.http.Context;

/**
 * The production transport: TLCP (GB/T 38636) with mandatory client authentication, from
 * tlcp-transport's server context. The client certificate a handler sees is the TLCP client's
 * SIGN certificate of this very connection.
 */
public final class TlcpTransport implements Transport {

    private final TlcpServerContext context;
    private final byte[] serverCertSm3;

    public TlcpTransport(TlcpServerContext context) {
        TlcpProviders.install();
        this.context = context;
        try {
            this.serverCertSm3 = Sm2.sm3(context.identity().signCertificate().getEncoded());
        } catch (CertificateEncodingException ex) {
            throw new IllegalArgumentException("server sign certificate cannot be encoded", ex);
        }
    }

    @Override
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        // one TLCP identity per server; Jetty's SNI check cannot read SM2 certificates
        src.setSniHostCheck(false);
        http.addCustomizer(src);
        ServerConnector c = new ServerConnector(server,
                new SslConnectionFactory(TlcpJetty.sslContextFactory(context), "http/1.1"), new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        return c;
    }

    @Override
    public Optional<X509Certificate> clientCertificate(Context ctx) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(ctx.req());
        return core == null ? Optional.empty() : TlcpJetty.clientSignCertificate(core);
    }

    @Override
    public byte[] serverCertSm3() {
        return serverCertSm3.clone();
    }
}
