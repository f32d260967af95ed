package cn.yzt.ops.skf.cli;

import picocli.CommandLine.Option;

/** Mixins naming the environment variables that hold PINs (the PIN itself never goes on argv). */
final class PinOptions {

    private PinOptions() {
    }

    /** The user PIN. */
    static final class User {
        @Option(names = "--pin-env", paramLabel = "VAR", descriptionKey = "opt.pin-env")
        String env;

        char[] read(CliContext ctx) {
            return ctx.pins.read(env, "prompt.pin.user");
        }
    }

    /** The security officer (admin) PIN. */
    static final class Admin {
        @Option(names = "--admin-pin-env", paramLabel = "VAR", descriptionKey = "opt.admin-pin-env")
        String env;

        char[] read(CliContext ctx) {
            return ctx.pins.read(env, "prompt.pin.admin");
        }
    }

    /** A new PIN (typed twice on the console). */
    static final class New {
        @Option(names = "--new-pin-env", paramLabel = "VAR", descriptionKey = "opt.new-pin-env")
        String env;

        char[] read(CliContext ctx) {
            return ctx.pins.readNew(env, "prompt.pin.new");
        }
    }
}
