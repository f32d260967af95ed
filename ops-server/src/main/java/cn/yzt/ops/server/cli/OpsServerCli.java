package cn.yzt.ops.server.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import cn.yzt.ops.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops-server}: the server and its administration commands. */
@Command(name = "ops-server", mixinStandardHelpOptions = true, version = "ops-server 0.1.0",
        description = {"YZT operations API (一张图运维服务): UKEY login over TLCP, RBAC with separation of duties,",
            "protected storage on PostgreSQL. Configuration: one properties file (--config), every key",
            "with its default in cn/yzt/ops/server/config/defaults.properties (print it: ops-server config)."},
        subcommands = {ServeCommand.class, InitCommand.class, KeysCommand.class, ConfigCommand.class, AuditCommand.class,
            MapCommand.class, LedgerCommand.class})
public final class OpsServerCli implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "configuration file (properties, UTF-8); default: built-in defaults")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    ServerConfig config() throws IOException {
        return config == null ? ServerConfig.defaults() : ServerConfig.load(config);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new OpsServerCli()).execute(args));
    }
}
