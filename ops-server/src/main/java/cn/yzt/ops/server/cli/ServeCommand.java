package cn.yzt.ops.server.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.auth.TrustReloader;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.http.ApiServer;
import cn.yzt.ops.server.http.TlcpTransport;
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
        try {
            TrustMaterial trust = TrustMaterial.load(cfg.path("pki.trustAnchors"), intermediates(cfg), crlFiles(cfg));
            ServerRuntime rt = ServerRuntime.open(cfg, keyPass);
            TlcpTransport transport;
            try {
                transport = new TlcpTransport(TlcpServerKeys.builder(cfg, rt.vault())
                        .trustAnchors(trust.anchors()).crls(trust.crls()).build());
            } catch (Exception ex) {
                rt.close();
                throw ex;
            }
            rt.services().rbac().seedBuiltInRoles();
            System.out.println("ledger: " + rt.services().ledger().load() + " entries loaded, checked against the latest signed tree head");
            CertificateChecker checker = new CertificateChecker(trust,
                    cfg.seconds("pki.crlGraceSeconds", 0, 30 * 86_400), java.time.Clock.systemUTC());
            // a new CRL published while running takes effect without a restart
            new TrustReloader(cfg.path("pki.trustAnchors"), intermediates(cfg), crlFiles(cfg), checker)
                    .start(cfg.seconds("pki.reloadSeconds", 1, 86_400).toSeconds());
            var login = rt.services().login(new ServerIdentity(cfg.serverId(), transport.serverCertSm3()), checker);
            // the signed key.rotate re-seals the key file: it keeps the passphrase (one copy) until shutdown
            java.util.Optional<VaultKeyRotator> rotator = VaultKeyRotator.install(rt, keyPass);
            Arrays.fill(keyPass, '\0'); // the rotator's copy is the only one left
            ApiServer api = ApiServer.start(rt.services(), login, transport,
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
                    rotator.ifPresent(VaultKeyRotator::close);
                    stopped.countDown();
                }
            }, "ops-server-shutdown"));
            System.out.println("ops-server listening (TLCP) on " + cfg.string("http.host") + ":" + api.port());
            stopped.await();
        } finally {
            Arrays.fill(keyPass, '\0');
        }
        return 0;
    }

    private static java.util.List<Path> crlFiles(ServerConfig cfg) {
        return Arrays.stream(cfg.string("pki.crls").split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    /** pki.intermediates, or null when not configured (anchors issue the UKEY certificates directly). */
    private static Path intermediates(ServerConfig cfg) {
        return cfg.string("pki.intermediates").isBlank() ? null : cfg.path("pki.intermediates");
    }
}
