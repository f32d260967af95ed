package cn.yzt.ops.skf.cli;

import java.nio.file.NoSuchFileException;

import cn.yzt.ops.skf.PinIncorrectException;
import cn.yzt.ops.skf.PinLockedException;
import cn.yzt.ops.skf.SkfException;
import cn.yzt.ops.skf.jca.TokenSelectionException;
import picocli.CommandLine;

/** Turns every failure into one localized line on stderr and an exit code; never prints secrets. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    private final CliContext ctx;

    ErrorReporter(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        ctx.err.println(ctx.messages.get("msg.usage.error", ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, ctx.err);
        ctx.err.println(ctx.messages.get("msg.usage.help", ex.getCommandLine().getCommandSpec().qualifiedName()));
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        return report(ex);
    }

    int report(Throwable ex) {
        CliException cli = find(ex, CliException.class);
        if (cli != null) {
            ctx.err.println(ctx.messages.get(cli.key(), cli.args()));
            return cli.exitCode();
        }
        PinIncorrectException wrongPin = find(ex, PinIncorrectException.class);
        if (wrongPin != null) {
            ctx.err.println(ctx.messages.get("msg.pin.incorrect", wrongPin.retriesLeft()));
            return ExitCodes.PIN;
        }
        if (find(ex, PinLockedException.class) != null) {
            ctx.err.println(ctx.messages.get("msg.pin.locked"));
            return ExitCodes.PIN;
        }
        TokenSelectionException selection = find(ex, TokenSelectionException.class);
        if (selection != null) {
            return reportSelection(selection);
        }
        SkfException skf = find(ex, SkfException.class);
        if (skf != null) {
            ctx.err.println(ctx.messages.get("msg.token.error", userMessage(skf)));
            return ExitCodes.DEVICE;
        }
        NoSuchFileException missing = find(ex, NoSuchFileException.class);
        if (missing != null) {
            ctx.err.println(ctx.messages.get("msg.file.missing", missing.getFile()));
            return ExitCodes.USAGE;
        }
        ctx.err.println(ctx.messages.get("msg.internal", ex.getClass().getSimpleName() + ": " + ex.getMessage()));
        return ExitCodes.SOFTWARE;
    }

    private int reportSelection(TokenSelectionException ex) {
        String key = "msg.select." + ex.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '.')
                + (ex.kind() == TokenSelectionException.Kind.NO_LIBRARY && ex.requested() != null ? ".path" : "");
        String candidates = ex.candidates().isEmpty() ? "-" : String.join(", ", ex.candidates());
        ctx.err.println(ctx.messages.get(key, ex.requested() == null ? "" : ex.requested(), candidates));
        boolean ambiguous = ex.kind() == TokenSelectionException.Kind.AMBIGUOUS_DEVICE
                || ex.kind() == TokenSelectionException.Kind.AMBIGUOUS_APPLICATION;
        return ambiguous ? ExitCodes.USAGE : ExitCodes.DEVICE;
    }

    private String userMessage(SkfException ex) {
        try {
            return ex.userMessage(ctx.messages.locale());
        } catch (RuntimeException notAvailable) {
            return ex.getMessage();
        }
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
