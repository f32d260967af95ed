package cn.yzt.ops.tlcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * An SSLSocketFactory whose sockets speak only TLCP with the context's suites: bgmprovider's
 * GMTLS context otherwise also enables TLS 1.x and its default suite list.
 */
public final class TlcpSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final String[] suites;

    TlcpSocketFactory(SSLSocketFactory delegate, List<String> suites) {
        this.delegate = delegate;
        this.suites = suites.toArray(new String[0]);
    }

    Socket configure(Socket s) {
        if (s instanceof SSLSocket ssl) {
            SSLParameters p = ssl.getSSLParameters();
            p.setProtocols(new String[] {TlcpSuites.PROTOCOL});
            p.setCipherSuites(suites.clone());
            ssl.setSSLParameters(p);
        }
        return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return suites.clone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return suites.clone();
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }
}
