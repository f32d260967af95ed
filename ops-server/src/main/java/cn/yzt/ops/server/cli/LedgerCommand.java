package cn.yzt.ops.server.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code ops-server ledger verify}: recomputes the SM3 Merkle ledger from its stored rows. */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "operation ledger tools",
        subcommands = {LedgerCommand.Verify.class})
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
