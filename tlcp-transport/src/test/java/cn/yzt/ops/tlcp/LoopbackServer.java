package cn.yzt.ops.tlcp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/** Accepts one TLCP connection on 127.0.0.1 (ephemeral port), echoes one line, reports the session or error. */
final class LoopbackServer implements AutoCloseable {

    private final SSLServerSocket socket;
    final CompletableFuture<SSLSession> session = new CompletableFuture<>();

    LoopbackServer(TlcpServerContext ctx) throws Exception {
        socket = ctx.newServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serveOne, "tlcp-test-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serveOne() {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            session.complete(s.getSession());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            OutputStream out = s.getOutputStream();
            out.write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (Exception ex) {
            session.completeExceptionally(ex);
        }
    }

    Throwable serverError() throws Exception {
        try {
            session.get(10, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException ex) {
            return ex.getCause();
        }
    }

    @Override
    public void close() throws java.io.IOException {
        socket.close();
    }
}
