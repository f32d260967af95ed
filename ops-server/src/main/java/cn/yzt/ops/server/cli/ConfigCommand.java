package cn.yzt.ops.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;

import cn.yzt.ops.server.config.ServerConfig;
import picocli.CommandLine.Command;

/** Prints the documented defaults: the template for a configuration file. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "print every configuration key with its default and meaning")
final class ConfigCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        try (InputStream in = ServerConfig.class.getResourceAsStream("defaults.properties")) {
            System.out.write(in.readAllBytes());
            System.out.flush();
        }
        return 0;
    }
}
