package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;

/** Containers of the application: type and which keys and certificates each holds. */
@Command(name = "containers")
final class ContainersCommand extends TokenCommand {

    @Override
    int execute(CliContext ctx) {
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            for (String name : app.containers()) {
                try (Container c = app.openContainer(name)) {
                    ctx.println("msg.containers.line", name, c.type(),
                            mark(ctx, c.publicKey(true).isPresent()), mark(ctx, c.certificate(true).isPresent()),
                            mark(ctx, c.publicKey(false).isPresent()), mark(ctx, c.certificate(false).isPresent()));
                }
            }
        }
        return ExitCodes.OK;
    }

    private static String mark(CliContext ctx, boolean present) {
        return ctx.messages.get(present ? "msg.yes" : "msg.no");
    }
}
