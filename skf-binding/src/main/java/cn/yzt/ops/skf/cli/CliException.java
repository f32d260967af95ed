package cn.yzt.ops.skf.cli;

/** A failure the CLI explains to the user: an exit code and a message key of the CLI bundle. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String key;
    private final transient Object[] args;

    CliException(int exitCode, String key, Object... args) {
        this(exitCode, null, key, args);
    }

    CliException(int exitCode, Throwable cause, String key, Object... args) {
        super(key, cause);
        this.exitCode = exitCode;
        this.key = key;
        this.args = args.clone();
    }

    static CliException usage(String key, Object... args) {
        return new CliException(ExitCodes.USAGE, key, args);
    }

    int exitCode() {
        return exitCode;
    }

    String key() {
        return key;
    }

    Object[] args() {
        return args.clone();
    }
}
