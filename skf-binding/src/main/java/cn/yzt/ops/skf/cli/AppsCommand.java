package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.PinInfo;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;

/** Applications of the device with their PIN retry counters. */
@Command(name = "apps")
final class AppsCommand extends TokenCommand {

    @Override
    int execute(CliContext ctx) {
        try (UKey key = ctx.connect()) {
            for (String name : key.applications()) {
                try (Application app = key.openApplication(name)) {
                    PinInfo user = app.pinInfo(PinType.USER);
                    PinInfo admin = app.pinInfo(PinType.ADMIN);
                    ctx.println("msg.apps.line", name, user.remainingRetries(), user.maxRetries(),
                            admin.remainingRetries(), admin.maxRetries());
                }
            }
        }
        return ExitCodes.OK;
    }
}
