package cn.yzt.ops.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ops-server audit verify}: checks the audit log's HMAC-SM3 chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "audit log tools",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "recompute the HMAC-SM3 chain of the whole audit log; exit 0 intact, 3 broken")
    static final class Verify implements Callable<Integer> {
        @ParentCommand
        AuditCommand audit;

        @Override
        public Integer call() throws Exception {
            cn.yzt.ops.server.config.ServerConfig cfg = audit.root.config();
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try (cn.yzt.ops.server.ServerRuntime rt = cn.yzt.ops.server.ServerRuntime.open(cfg, pass)) {
                cn.yzt.ops.server.audit.AuditVerifier.Result r = rt.auditVerifier().verify();
                System.out.println(r.describe());
                return r.intact() ? 0 : 3;
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
        }
    }
}
