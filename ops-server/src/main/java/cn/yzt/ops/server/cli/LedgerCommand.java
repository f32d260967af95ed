package cn.yzt.ops.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ops-server ledger verify}: recomputes the SM3 Merkle ledger from its stored rows. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "operation ledger tools",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Evidence.class, LedgerCommand.PublicKeyPem.class})
final class LedgerCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "recompute every leaf from the stored entries and check every signed tree head; "
                    + "exit 0 intact, 3 broken (the first edited index is named)")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        LedgerCommand ledger;

        @Override
        public Integer call() throws Exception {
            cn.yzt.ops.server.config.ServerConfig cfg = ledger.root.config();
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try (cn.yzt.ops.server.ServerRuntime rt = cn.yzt.ops.server.ServerRuntime.open(cfg, pass)) {
                return report(rt.services().ledger().verify());
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        }
    }

    @Command(name = "evidence", mixinStandardHelpOptions = true,
            description = "write the evidence bundle of one ledger entry (canonical JSON: entry, receipt against the "
                    + "latest signed tree head, CA certificates, CRLs, related dual-control entries) for offline "
                    + "verification with 'ops-verify bundle'; exit 0 written, 2 no such entry")
    static final class Evidence implements Callable<Integer> {
        @ParentCommand
        LedgerCommand ledger;

        @picocli.CommandLine.Option(names = "--index", required = true, description = "ledger index of the entry")
        long index;

        @picocli.CommandLine.Option(names = "--out", required = true, description = "file to write (replaced)")
        java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            cn.yzt.ops.server.config.ServerConfig cfg = ledger.root.config();
            cn.yzt.ops.server.auth.TrustMaterial trust = cn.yzt.ops.server.auth.TrustMaterial.load(cfg.path("pki.trustAnchors"),
                    cfg.string("pki.intermediates").isBlank() ? null : cfg.path("pki.intermediates"),
                    java.util.Arrays.stream(cfg.string("pki.crls").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                            .map(java.nio.file.Path::of).toList());
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try (cn.yzt.ops.server.ServerRuntime rt = cn.yzt.ops.server.ServerRuntime.open(cfg, pass)) {
                cn.yzt.ops.server.ledger.EvidenceExporter ex = new cn.yzt.ops.server.ledger.EvidenceExporter(
                        rt.services().ledger(), rt.services().rbac(), rt.services().auditLog());
                byte[] bundle;
                try {
                    bundle = ex.exportLocal("cli:" + System.getProperty("user.name", "?"), index, trust);
                } catch (java.util.NoSuchElementException e) {
                    System.err.println("no ledger entry " + index);
                    return 2;
                }
                java.nio.file.Files.write(out, bundle);
                System.out.println("evidence bundle of ledger entry " + index + " written to " + out + " (" + bundle.length
                        + " bytes)");
                return 0;
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        }
    }

    @Command(name = "public-key", mixinStandardHelpOptions = true,
            description = "write the ledger's current SM2 public key (PEM SubjectPublicKeyInfo) for consoles and offline "
                    + "verifiers: hand it out with the trust anchors, never let a client fetch it from the server it checks")
    static final class PublicKeyPem implements Callable<Integer> {
        @ParentCommand
        LedgerCommand ledger;

        @picocli.CommandLine.Option(names = "--out", description = "file to write (replaced); default: standard output")
        java.nio.file.Path out;

        @Override
        public Integer call() throws Exception {
            cn.yzt.ops.server.config.ServerConfig cfg = ledger.root.config();
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try {
                cn.yzt.ops.server.crypto.SealedKeyFile vault = cn.yzt.ops.server.crypto.SealedKeyFile.open(cfg.path("keys.file"), pass);
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(cn.yzt.ops.server.ledger.LedgerKey.current(vault).getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                if (out == null) {
                    System.out.print(pem);
                } else {
                    java.nio.file.Files.writeString(out, pem, java.nio.charset.StandardCharsets.US_ASCII);
                    System.out.println("ledger public key written to " + out);
                }
                return 0;
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        }
    }

    /** Prints the outcome; the exit code (0 intact, 3 broken). */
    static int report(cn.yzt.ops.server.ledger.LedgerService.Report r) {
        if (r.ok()) {
            System.out.println("ledger intact: " + r.entries() + " entries, " + r.treeHeads() + " signed tree heads verified");
            return 0;
        }
        System.out.println("LEDGER BROKEN" + (r.firstBadIndex().isPresent() ? " at index " + r.firstBadIndex().getAsLong() : "")
                + ": " + r.problem() + " (" + r.entries() + " entries, " + r.treeHeads() + " tree heads)");
        return 3;
    }
}
