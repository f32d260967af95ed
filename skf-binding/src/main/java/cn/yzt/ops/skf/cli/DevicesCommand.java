package cn.yzt.ops.skf.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists the devices the library sees; exit 4 when none is present. */
@Command(name = "devices")
final class DevicesCommand extends TokenCommand {

    @Option(names = "--all", descriptionKey = "opt.all")
    boolean all;

    @Override
    int execute(CliContext ctx) {
        List<String> names = ctx.library().devices(!all);
        if (names.isEmpty()) {
            ctx.err.println(ctx.messages.get("msg.select.no.device", "", "-"));
            return ExitCodes.DEVICE;
        }
        names.forEach(ctx.out::println);
        return ExitCodes.OK;
    }
}
