package cn.yzt.ops.server.cli;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.http.ApiServer;
import cn.yzt.ops.server.http.TlcpTransport;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.pki.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops-server serve}: the API over TLCP until SIGTERM/SIGINT, then a clean stop in reverse
 * order (HTTP, pool, PostgreSQL), so everything acknowledged is on disk.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "run the operations API over TLCP")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = root.config();
        char[] keyPass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
        char[] tlcpPass = Secrets.read(cfg.string("tlcp.keyPasswordEnv"), "TLCP key password", false);
        TlcpTransport transport;
        try {
            List<X509Certificate> signChain = PemFiles.readCertificates(cfg.path("tlcp.signChain"));
            List<X509Certificate> encChain = PemFiles.readCertificates(cfg.path("tlcp.encChain"));
            PrivateKey signKey = PemFiles.readPrivateKey(cfg.path("tlcp.signKey"), tlcpPass);
            PrivateKey encKey = PemFiles.readPrivateKey(cfg.path("tlcp.encKey"), tlcpPass);
            TrustMaterial trust = TrustMaterial.load(cfg.path("pki.trustAnchors"),
                    Arrays.stream(cfg.string("pki.crls").split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList());
            transport = new TlcpTransport(TlcpContexts.server()
                    .keys(signKey, signChain.toArray(new X509Certificate[0]), encKey, encChain.toArray(new X509Certificate[0]))
                    .trustAnchors(trust.anchors()).crls(trust.crls()).build());
            ServerRuntime rt = ServerRuntime.open(cfg, keyPass);
            rt.services().rbac().seedBuiltInRoles();
            CertificateChecker checker = new CertificateChecker(trust,
                    cfg.seconds("pki.crlGraceSeconds", 0, 30 * 86_400), java.time.Clock.systemUTC());
            ApiServer api = ApiServer.start(rt.services(),
                    rt.services().login(new ServerIdentity(cfg.serverId(), transport.serverCertSm3()), checker), transport,
                    cfg.string("http.host"), cfg.integer("http.port", 0, 65535), cfg.integer("http.maxRequestBytes", 1024, 16 << 20));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // SIGTERM: stop accepting, then close the pool and PostgreSQL cleanly
                try {
                    api.close();
                    rt.close();
                } catch (Exception ex) {
                    System.err.println("shutdown: " + ex.getClass().getSimpleName());
                } finally {
                    stopped.countDown();
                }
            }, "ops-server-shutdown"));
            System.out.println("ops-server listening (TLCP) on " + cfg.string("http.host") + ":" + api.port());
            stopped.await();
        } finally {
            Arrays.fill(keyPass, '\0');
            Arrays.fill(tlcpPass, '\0');
        }
        return 0;
    }
}
