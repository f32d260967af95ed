package cn.yzt.ops.tlcp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import cn.yzt.ops.tlcp.Messages;
import cn.yzt.ops.tlcp.TlcpClientContext;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.TlcpErrorTranslator;
import cn.yzt.ops.tlcp.TlcpError;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.TlcpServerContext;
import cn.yzt.ops.tlcp.TlcpSessions;
import cn.yzt.ops.tlcp.TlcpSuites;
import cn.yzt.ops.tlcp.pki.PemFiles;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The s_client/s_server of this product: connects to a TLCP endpoint (or accepts one
 * connection) and prints the protocol, the suite, both peer certificates and the verification
 * result; exits non-zero with the reason on failure.
 */
@Command(name = "tlcp-probe", mixinStandardHelpOptions = true, resourceBundle = "cn.yzt.ops.tlcp.cli.messages",
        sortOptions = false)
public final class TlcpProbe implements Callable<Integer> {

    /** Exactly one mode. */
    static final class Mode {
        @Option(names = "--connect", paramLabel = "HOST:PORT", required = true)
        String connect;

        @Option(names = "--accept", paramLabel = "PORT", required = true)
        Integer accept;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--ca", paramLabel = "FILE", required = true)
    List<Path> ca;

    @Option(names = "--crl", paramLabel = "FILE")
    List<Path> crl = new ArrayList<>();

    @Option(names = "--sign-cert", paramLabel = "FILE")
    Path signCert;

    @Option(names = "--sign-key", paramLabel = "FILE")
    Path signKey;

    @Option(names = "--enc-cert", paramLabel = "FILE")
    Path encCert;

    @Option(names = "--enc-key", paramLabel = "FILE")
    Path encKey;

    @Option(names = "--key-password-env", paramLabel = "VAR")
    String keyPasswordEnv;

    @Option(names = "--ukey-lib", paramLabel = "LIB")
    Path ukeyLib;

    @Option(names = "--container", paramLabel = "NAME")
    String container;

    @Option(names = "--pin-env", paramLabel = "VAR")
    String pinEnv;

    @Option(names = "--suite", paramLabel = "SUITE")
    List<String> suites = new ArrayList<>();

    @Option(names = "--no-hostname-check")
    boolean noHostnameCheck;

    @Option(names = "--pin-sign-sm3", paramLabel = "HEX")
    String pinSignSm3;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1")
    String bind;

    @Option(names = "--once")
    boolean once;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10")
    int timeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;

    public TlcpProbe(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the probe with the given streams; returns the exit code (0 = verified connection). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new TlcpProbe(out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        TlcpProviders.install();
        try {
            return mode.connect != null ? connect() : accept();
        } catch (Exception ex) {
            TlcpError e = new TlcpErrorTranslator().translate(ex);
            err.println(Messages.get("probe.failed", e.message()));
            err.println(Messages.get("probe.detail", e.detail()));
            return 1;
        }
    }

    private int connect() throws Exception {
        int colon = mode.connect.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(Messages.get("probe.badTarget", mode.connect));
        }
        String host = mode.connect.substring(0, colon);
        int port = Integer.parseInt(mode.connect.substring(colon + 1));
        TlcpContexts.ClientBuilder b = TlcpContexts.client().trustAnchors(anchors()).crls(crls())
                .verifyHostname(!noHostnameCheck);
        if (!suites.isEmpty()) {
            b.suites(suites);
        }
        if (pinSignSm3 != null) {
            b.pinServerSignCertificate(HexFormat.of().parseHex(pinSignSm3.replace(":", "")));
        }
        if (ukeyLib != null) {
            loadTokenIdentity(b);
        } else if (signCert != null) {
            KeyPairFiles k = keyFiles();
            b.keys(k.signKey, k.signChain, k.encKey, k.encChain);
        }
        TlcpClientContext ctx = b.build();
        java.net.Socket plain = new java.net.Socket();
        plain.connect(new java.net.InetSocketAddress(host, port), timeoutSeconds * 1000);
        plain.setSoTimeout(timeoutSeconds * 1000);
        // Layered with the host name, which the trust manager checks on the server's sign certificate.
        try (SSLSocket t = (SSLSocket) ctx.socketFactory().createSocket(plain, host, port, true)) {
            t.startHandshake();
            printSession(t.getSession(), "probe.server.sign", "probe.server.enc");
            out.println(Messages.get("probe.verified"));
        }
        return 0;
    }

    private int accept() throws Exception {
        if (signCert == null) {
            throw new IllegalArgumentException(Messages.get("probe.needKeys"));
        }
        KeyPairFiles k = keyFiles();
        TlcpContexts.ServerBuilder b = TlcpContexts.server().trustAnchors(anchors()).crls(crls())
                .keys(k.signKey, k.signChain, k.encKey, k.encChain);
        if (!suites.isEmpty()) {
            b.suites(suites);
        }
        TlcpServerContext ctx = b.build();
        try (SSLServerSocket ss = ctx.newServerSocket(mode.accept, 16, InetAddress.getByName(bind))) {
            out.println(Messages.get("probe.listening", bind, Integer.toString(ss.getLocalPort())));
            out.flush();
            int failures = 0;
            do {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(timeoutSeconds * 1000);
                    out.println(Messages.get("probe.accepted", String.valueOf(s.getRemoteSocketAddress())));
                    s.startHandshake();
                    printSession(s.getSession(), "probe.client.sign", "probe.client.enc");
                    s.getOutputStream().write("TLCP OK\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException ex) {
                    failures++;
                    TlcpError e = new TlcpErrorTranslator().translate(ex);
                    err.println(Messages.get("probe.failed", e.message()));
                    err.println(Messages.get("probe.detail", e.detail()));
                }
            } while (!once);
            return failures == 0 ? 0 : 1;
        }
    }

    private void printSession(SSLSession session, String signKeyLabel, String encKeyLabel) {
        out.println(Messages.get("probe.protocol", session.getProtocol()));
        out.println(Messages.get("probe.suite", session.getCipherSuite()));
        TlcpSessions.peerSignCertificate(session).ifPresent(c -> CertificatePrinter.print(out, signKeyLabel, c));
        TlcpSessions.peerEncCertificate(session).ifPresent(c -> CertificatePrinter.print(out, encKeyLabel, c));
    }

    private List<X509Certificate> anchors() throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        for (Path p : ca) {
            out.addAll(PemFiles.readCertificates(p));
        }
        return out;
    }

    private List<X509CRL> crls() throws IOException {
        List<X509CRL> out = new ArrayList<>();
        for (Path p : crl) {
            out.add(PemFiles.readCrl(p));
        }
        return out;
    }

    /** Sign and enc keys and chains read from PEM files. */
    private record KeyPairFiles(PrivateKey signKey, X509Certificate[] signChain, PrivateKey encKey,
                                X509Certificate[] encChain) {
    }

    private KeyPairFiles keyFiles() throws IOException {
        if (signCert == null || signKey == null || encCert == null || encKey == null) {
            throw new IllegalArgumentException(Messages.get("probe.needKeys"));
        }
        char[] password = keyPasswordEnv == null ? null : Secrets.read(keyPasswordEnv, "prompt.keyPassword");
        try {
            return new KeyPairFiles(PemFiles.readPrivateKey(signKey, password),
                    PemFiles.readCertificates(signCert).toArray(new X509Certificate[0]),
                    PemFiles.readPrivateKey(encKey, password),
                    PemFiles.readCertificates(encCert).toArray(new X509Certificate[0]));
        } finally {
            Secrets.wipe(password);
        }
    }

    /**
     * The UKEY's KeyStore through the skf-binding JCA provider, found by class name so this
     * module needs no compile-time dependency on the token code (the launcher puts it on the
     * class path).
     */
    private void loadTokenIdentity(TlcpContexts.ClientBuilder b) throws Exception {
        System.setProperty("yzt.skf.library", ukeyLib.toAbsolutePath().toString());
        Provider p = (Provider) Class.forName("cn.yzt.ops.skf.jca.SkfProvider").getDeclaredConstructor().newInstance();
        TlcpProviders.installTokenProvider(p);
        KeyStore ks = KeyStore.getInstance("SKF", p);
        char[] pin = Secrets.read(pinEnv, "prompt.pin");
        try {
            ks.load(null, pin);
        } finally {
            Secrets.wipe(pin);
        }
        if (suites.isEmpty()) {
            b.suites(TlcpSuites.TOKEN_SAFE);
        }
        b.keyStore(ks, null, container);
    }
}
