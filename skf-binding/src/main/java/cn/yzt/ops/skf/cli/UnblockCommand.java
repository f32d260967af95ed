package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** SKF_UnblockPIN: the admin PIN sets a new user PIN and resets its retry counter. */
@Command(name = "unblock")
final class UnblockCommand extends TokenCommand {

    @Mixin
    PinOptions.Admin adminPin;

    @Mixin
    PinOptions.New newPin;

    @Override
    int execute(CliContext ctx) {
        char[] admin = adminPin.read(ctx);
        char[] fresh = null;
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            fresh = newPin.read(ctx);
            app.unblockPin(admin, fresh);
            ctx.println("msg.pin.unblocked", app.name());
        } finally {
            PinReader.wipe(admin, fresh);
        }
        return ExitCodes.OK;
    }
}
