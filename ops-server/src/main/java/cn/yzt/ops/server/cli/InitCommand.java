package cn.yzt.ops.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import cn.yzt.ops.server.Bootstrap;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops-server init}: key file (if missing), database and schema, built-in roles, and the
 * first security administrator bound to their UKEY signing certificate.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"initialize a fresh installation: key file, database, first security administrator.",
            "Secrets: key passphrase from keys.passphraseEnv, admin password from YZT_ADMIN_PASSWORD, else asked."})
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Option(names = "--admin", required = true, description = "username of the first security administrator")
    String admin;

    @Option(names = "--admin-name", required = true, description = "display name (stored SM4-encrypted)")
    String adminName;

    @Option(names = "--admin-cert", required = true, description = "PEM file with the administrator's UKEY signing certificate")
    Path adminCert;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = root.config();
        List<java.security.cert.X509Certificate> certs = Pem.certificates(Files.readString(adminCert));
        if (certs.size() != 1) {
            throw new IllegalArgumentException(adminCert + " must hold exactly one certificate");
        }
        Path keys = cfg.path("keys.file");
        boolean newKeys = !Files.exists(keys);
        char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", newKeys);
        try {
            if (newKeys) {
                SealedKeyFile.create(keys, pass, cfg.integer("keys.kdfIterations", SealedKeyFile.MIN_ITERATIONS, 100_000_000));
                System.out.println("key file created: " + keys);
            }
            try (ServerRuntime rt = ServerRuntime.open(cfg, pass)) {
                char[] pw = Secrets.read("YZT_ADMIN_PASSWORD", "administrator password", true);
                long id = Bootstrap.firstSecurityAdmin(rt.services(), admin, adminName, pw, certs.get(0));
                System.out.println("security administrator " + admin + " created (id " + id + ") and bound to "
                        + certs.get(0).getSubjectX500Principal().getName());
            }
        } finally {
            java.util.Arrays.fill(pass, '\0');
        }
        return 0;
    }
}
