package cn.yzt.ops.tlcp.okhttp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Wraps every socket of a TLCP socket factory in a {@link MaskedSocket} for OkHttp. */
final class MaskingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    MaskingSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private static Socket mask(Socket s) {
        return s instanceof SSLSocket ssl ? new MaskedSocket(ssl) : s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return mask(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return mask(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return mask(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return mask(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return mask(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return mask(delegate.createSocket(address, port, localAddress, localPort));
    }
}
