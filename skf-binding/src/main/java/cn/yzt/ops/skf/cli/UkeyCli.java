package cn.yzt.ops.skf.cli;

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
 * {@code ukey}: manage a GM/T 0016 (SKF) UKEY from the command line. PINs come from the console or
 * from environment variables named by flags, never from argv. Exit codes: {@link ExitCodes}.
 */
@Command(name = "ukey", version = "ukey 0.1.0",
        subcommands = {
            DevicesCommand.class, InfoCommand.class, AppsCommand.class, ContainersCommand.class,
            CertsCommand.class, InitAppCommand.class, GenKeyCommand.class, CsrCommand.class,
            ImportCertCommand.class, ImportEncKeyPairCommand.class, ExportCertCommand.class,
            SignCommand.class, VerifyPinCommand.class, ChangePinCommand.class, UnblockCommand.class,
            WatchCommand.class
        })
public final class UkeyCli implements Callable<Integer> {

    private final GlobalOptions options = new GlobalOptions();
    private CliContext context;

    @Option(names = "--lib", paramLabel = "PATH", scope = ScopeType.INHERIT, descriptionKey = "opt.lib")
    void library(String value) {
        options.library = value;
    }

    @Option(names = "--device", paramLabel = "NAME", scope = ScopeType.INHERIT, descriptionKey = "opt.device")
    void device(String value) {
        options.device = value;
    }

    @Option(names = "--app", paramLabel = "NAME", scope = ScopeType.INHERIT, descriptionKey = "opt.app")
    void application(String value) {
        options.application = value;
    }

    @Option(names = "--container", paramLabel = "NAME", scope = ScopeType.INHERIT,
            descriptionKey = "opt.container")
    void container(String value) {
        options.container = value;
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, descriptionKey = "opt.help")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, descriptionKey = "opt.version")
    boolean version;

    /** Read before parsing (see {@link CliMessages#resolveLocale}); declared so picocli accepts it. */
    @Option(names = "--lang", paramLabel = "zh|en", scope = ScopeType.INHERIT, descriptionKey = "opt.lang")
    void language(String value) {
        // resolved from argv before picocli runs
    }

    private UkeyCli() {
    }

    CliContext context() {
        return context;
    }

    @Override
    public Integer call() {
        new CommandLine(this).setResourceBundle(context.messages.bundle()).usage(context.err);
        return ExitCodes.USAGE;
    }

    /** Runs one command in-process; {@code env} supplies the PIN variables and the locale. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CliMessages messages = new CliMessages(CliMessages.resolveLocale(args, env));
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        UkeyCli root = new UkeyCli();
        root.context = new CliContext(env, o, e, messages, root.options);
        CommandLine cl = new CommandLine(root);
        cl.setResourceBundle(messages.bundle());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Vendor tools name containers "sign" or "enc" too: a name that is also a subcommand is still a value.
        cl.setAllowSubcommandsAsOptionParameters(true);
        cl.setOut(o);
        cl.setErr(e);
        cl.setParameterExceptionHandler(new ErrorReporter(root.context));
        cl.setExecutionExceptionHandler(new ErrorReporter(root.context));
        try {
            return cl.execute(args);
        } finally {
            o.flush();
            e.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }
}
