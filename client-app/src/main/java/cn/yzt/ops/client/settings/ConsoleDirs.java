package cn.yzt.ops.client.settings;

import cn.yzt.ops.client.api.ConsoleConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps its files (XDG base directories): the user config
 * {@code $XDG_CONFIG_HOME/yzt-ops/console.properties}, the system config
 * {@code /etc/yzt-ops/console.properties}, and the state directory {@code $XDG_STATE_HOME/yzt-ops}
 * (tree heads, {@code records/}, window state). A value, so tests point it at a temporary directory.
 */
public record ConsoleDirs(Path userConfig, Path systemConfig, Path stateDir) {

    public static final String FILE = "console.properties";

    /**
     * The directories for this user, from the environment: the same resolution as
     * {@link ConsoleConfig} (one rule, so this screen writes the file the console reads).
     */
    public static ConsoleDirs fromEnvironment(Map<String, String> env) {
        return new ConsoleDirs(ConsoleConfig.userConfigFile(env), ConsoleConfig.SYSTEM_FILE, ConsoleConfig.stateDir(env));
    }

    public static ConsoleDirs current() {
        return fromEnvironment(System.getenv());
    }

    /** Everything under one root (tests, portable installs). */
    public static ConsoleDirs under(Path root) {
        return new ConsoleDirs(root.resolve("config").resolve(FILE), root.resolve("etc").resolve(FILE),
                root.resolve("state"));
    }

    public Path recordsDir() {
        return stateDir.resolve("records");
    }

    public Path windowStateFile() {
        return stateDir.resolve("window.properties");
    }
}
