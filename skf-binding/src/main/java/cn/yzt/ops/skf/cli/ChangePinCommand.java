package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** SKF_ChangePIN for the user PIN (old from --pin-env) or, with --admin, the admin PIN (old from --admin-pin-env). */
@Command(name = "change-pin")
final class ChangePinCommand extends TokenCommand {

    @Option(names = "--admin", descriptionKey = "opt.admin")
    boolean admin;

    @Mixin
    PinOptions.User userPin;

    @Mixin
    PinOptions.Admin adminPin;

    @Mixin
    PinOptions.New newPin;

    @Override
    int execute(CliContext ctx) {
        char[] old = admin ? adminPin.read(ctx) : userPin.read(ctx);
        char[] fresh = null;
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            fresh = newPin.read(ctx);
            app.changePin(admin ? PinType.ADMIN : PinType.USER, old, fresh);
            ctx.println(admin ? "msg.pin.changed.admin" : "msg.pin.changed.user", app.name());
        } finally {
            PinReader.wipe(old, fresh);
        }
        return ExitCodes.OK;
    }
}
