package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Checks the user PIN (or the admin PIN with --admin); a wrong PIN costs one try, as on any token. */
@Command(name = "verify-pin")
final class VerifyPinCommand extends TokenCommand {

    @Option(names = "--admin", descriptionKey = "opt.admin")
    boolean admin;

    @Mixin
    PinOptions.User userPin;

    @Mixin
    PinOptions.Admin adminPin;

    @Override
    int execute(CliContext ctx) {
        char[] pin = admin ? adminPin.read(ctx) : userPin.read(ctx);
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            app.verifyPin(admin ? PinType.ADMIN : PinType.USER, pin);
            ctx.println(admin ? "msg.pin.ok.admin" : "msg.pin.ok.user", app.name());
        } finally {
            PinReader.wipe(pin);
        }
        return ExitCodes.OK;
    }
}
