package cn.yzt.ops.protocol.verify;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ops-verify}: offline verification of the ledger's evidence with nothing but trust
 * anchors and the ledger public key. Exit codes: 0 verified, 1 not verified, 2 usage/input error.
 */
@Command(name = "ops-verify", version = "ops-verify 0.1.0", subcommands = BundleCommand.class)
public final class OpsVerifyCli implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, descriptionKey = "opt.help")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, descriptionKey = "opt.version")
    boolean version;

    /** Read before parsing (see {@link CliText#resolveLocale}); declared so picocli accepts it. */
    @Option(names = "--lang", paramLabel = "zh|en", scope = ScopeType.INHERIT, descriptionKey = "opt.lang")
    void language(String value) {
        // resolved from argv before picocli runs
    }

    private CliText text;
    private PrintWriter out;
    private PrintWriter err;

    private OpsVerifyCli() {
    }

    CliText text() {
        return text;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    @Override
    public Integer call() {
        new CommandLine(this).setResourceBundle(text.bundle()).usage(err);
        return ExitCodes.USAGE;
    }

    /** Runs in-process (tests) with the given environment for the locale. */
    public static int run(String[] args, Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        OpsVerifyCli root = new OpsVerifyCli();
        root.text = new CliText(CliText.resolveLocale(args, env));
        root.out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        root.err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(root);
        cl.setResourceBundle(root.text.bundle());
        cl.setOut(root.out);
        cl.setErr(root.err);
        cl.setParameterExceptionHandler((ex, a) -> {
            root.err.println(root.text.get("error.usage", ex.getMessage()));
            ex.getCommandLine().usage(root.err);
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } finally {
            root.out.flush();
            root.err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }
}
