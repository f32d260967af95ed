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
            "Secrets: key passphrase from keys.passphraseEnv, admin password from YZT_ADMIN_PASSWORD,",
            "approver password from YZT_APPROVER_PASSWORD, else asked.",
            "With --approver a second person (APPROVER) exists from the start, so dual-control operations",
            "(granting administrator roles, key rotation, …) can be co-signed: recommended."})
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Option(names = "--admin", required = true, description = "username of the first security administrator")
    String admin;

    @Option(names = "--admin-name", required = true, description = "display name (stored SM4-encrypted)")
    String adminName;

    @Option(names = "--admin-cert", required = true, description = "PEM file with the administrator's UKEY signing certificate")
    Path adminCert;

    @Option(names = "--approver", description = "username of the first approver (a second person, optional)")
    String approver;

    @Option(names = "--approver-name", description = "the approver's display name")
    String approverName;

    @Option(names = "--approver-cert", description = "PEM file with the approver's UKEY signing certificate")
    Path approverCert;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = root.config();
        java.security.cert.X509Certificate adminCertificate = one(adminCert);
        boolean withApprover = approver != null || approverName != null || approverCert != null;
        if (withApprover && (approver == null || approverName == null || approverCert == null)) {
            throw new IllegalArgumentException("--approver, --approver-name and --approver-cert go together");
        }
        java.security.cert.X509Certificate approverCertificate = withApprover ? one(approverCert) : null;
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
                char[] apw = withApprover ? Secrets.read("YZT_APPROVER_PASSWORD", "approver password", true) : null;
                long[] ids = Bootstrap.initialize(rt.services(), new Bootstrap.Person(admin, adminName, pw, adminCertificate),
                        withApprover ? new Bootstrap.Person(approver, approverName, apw, approverCertificate) : null);
                System.out.println("security administrator " + admin + " created (id " + ids[0] + ") and bound to "
                        + adminCertificate.getSubjectX500Principal().getName());
                if (withApprover) {
                    System.out.println("approver " + approver + " created (id " + ids[1] + ") and bound to "
                            + approverCertificate.getSubjectX500Principal().getName());
                }
            }
        } finally {
            java.util.Arrays.fill(pass, '\0');
        }
        return 0;
    }

    private static java.security.cert.X509Certificate one(Path pem) throws Exception {
        List<java.security.cert.X509Certificate> certs = Pem.certificates(Files.readString(pem));
        if (certs.size() != 1) {
            throw new IllegalArgumentException(pem + " must hold exactly one certificate");
        }
        return certs.get(0);
    }
}
