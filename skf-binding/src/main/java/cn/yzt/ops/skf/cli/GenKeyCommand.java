package cn.yzt.ops.skf.cli;

import java.security.PublicKey;

import org.bouncycastle.util.encoders.Hex;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Generates the SM2 sign key pair on the token (creating the container if needed); prints the public key. */
@Command(name = "gen-key")
final class GenKeyCommand extends TokenCommand {

    @Option(names = "--force", descriptionKey = "opt.force")
    boolean force;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) {
        if (ctx.options.container == null || ctx.options.container.isBlank()) {
            throw CliException.usage("msg.container.required");
        }
        char[] pin = userPin.read(ctx);
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            app.verifyPin(PinType.USER, pin);
            try (Container c = ctx.openContainer(app, true)) {
                if (c.publicKey(true).isPresent() && !force) {
                    // A new key pair would destroy the old one and orphan its certificate.
                    throw CliException.usage("msg.genkey.exists", c.name());
                }
                PublicKey pub = c.generateSignKeyPair();
                byte[][] xy = Sm2.coordinates(pub);
                ctx.println("msg.genkey.done", c.name(), "04" + Hex.toHexString(xy[0]) + Hex.toHexString(xy[1]));
            }
        } finally {
            PinReader.wipe(pin);
        }
        return ExitCodes.OK;
    }
}
