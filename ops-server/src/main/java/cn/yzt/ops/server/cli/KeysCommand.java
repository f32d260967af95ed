package cn.yzt.ops.server.cli;

import java.util.concurrent.Callable;

import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ops-server keys init|rotate|import-tlcp}: the sealed key file. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "create or rotate the sealed key file",
        subcommands = {KeysCommand.Init.class, KeysCommand.Rotate.class, ImportTlcpCommand.class})
final class KeysCommand implements Callable<Integer> {

    @ParentCommand
    OpsServerCli root;

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "create the key file (keys.file) with a first version of every key; asks for the passphrase")
    static final class Init implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Override
        public Integer call() throws Exception {
            ServerConfig cfg = keys.root.config();
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", true);
            try {
                SealedKeyFile.create(cfg.path("keys.file"), pass,
                        cfg.integer("keys.kdfIterations", SealedKeyFile.MIN_ITERATIONS, 100_000_000));
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
            System.out.println("key file created: " + cfg.path("keys.file"));
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "add a new current version of one key; old versions stay for reading old data")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        KeysCommand keys;

        @Parameters(index = "0", description = "purpose: ${COMPLETION-CANDIDATES}")
        KeyPurpose purpose;

        @Override
        public Integer call() throws Exception {
            ServerConfig cfg = keys.root.config();
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try {
                SealedKeyFile v = SealedKeyFile.open(cfg.path("keys.file"), pass);
                System.out.println(purpose + " version " + v.rotate(purpose, pass));
            } finally {
                java.util.Arrays.fill(pass, '\0');
            }
            return 0;
        }
    }
}
