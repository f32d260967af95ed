package cn.yzt.ops.server.http;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import cn.yzt.ops.server.crypto.Bytes;
import io.javalin.http.Context;

/**
 * TEST ONLY: plain HTTP on loopback where the "TLCP client certificate" comes from a request
 * header, so the API logic can be tested without the TLCP stack. Never in main code.
 */
final class LoopbackTestTransport implements Transport {

    static final String CERT_HEADER = "X-Test-Tlcp-Client-Cert";
    private final byte[] serverCertSm3 = Bytes.random(32);

    @Override
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost("127.0.0.1");
        c.setPort(port);
        return c;
    }

    @Override
    public Optional<X509Certificate> clientCertificate(Context ctx) {
        String h = ctx.header(CERT_HEADER);
        if (h == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(h))));
        } catch (Exception ex) {
            return Optional.empty();
        }
    }

    @Override
    public byte[] serverCertSm3() {
        return serverCertSm3.clone();
    }
}
