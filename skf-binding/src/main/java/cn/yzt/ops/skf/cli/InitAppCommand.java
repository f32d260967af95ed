package cn.yzt.ops.skf.cli;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.util.encoders.DecoderException;
import org.bouncycastle.util.encoders.Hex;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Device authentication, then SKF_CreateApplication with admin and user PINs and their retry counts. */
@Command(name = "init-app")
final class InitAppCommand extends TokenCommand {

    /** Factory device authentication key of most tokens (and of softukey-mktoken). */
    private static final byte[] FACTORY_AUTH_KEY = "1234567812345678".getBytes(StandardCharsets.US_ASCII);

    @Option(names = "--auth-key-env", paramLabel = "VAR", descriptionKey = "opt.auth-key-env")
    String authKeyEnv;

    @Option(names = "--admin-retries", defaultValue = "10", descriptionKey = "opt.admin-retries")
    int adminRetries;

    @Option(names = "--user-retries", defaultValue = "6", descriptionKey = "opt.user-retries")
    int userRetries;

    @Mixin
    PinOptions.Admin adminPin;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) {
        String name = ctx.options.application;
        if (name == null || name.isBlank()) {
            throw CliException.usage("msg.initapp.name");
        }
        if (adminRetries < 1 || adminRetries > 15 || userRetries < 1 || userRetries > 15) {
            throw CliException.usage("msg.initapp.retries");
        }
        byte[] authKey = authKey(ctx);
        char[] admin = null;
        char[] user = null;
        try (UKey key = ctx.connect()) {
            if (key.applications().contains(name)) {
                throw CliException.usage("msg.initapp.exists", name);
            }
            admin = ctx.pins.readNew(adminPin.env, "prompt.pin.admin.new");
            user = ctx.pins.readNew(userPin.env, "prompt.pin.user.new");
            key.deviceAuth(authKey);
            try (Application app = key.createApplication(name, admin, adminRetries, user, userRetries)) {
                ctx.println("msg.initapp.done", app.name(), adminRetries, userRetries);
            }
        } finally {
            Arrays.fill(authKey, (byte) 0);
            PinReader.wipe(admin, user);
        }
        return ExitCodes.OK;
    }

    private byte[] authKey(CliContext ctx) {
        if (authKeyEnv == null) {
            return FACTORY_AUTH_KEY.clone();
        }
        String hex = ctx.env.get(authKeyEnv);
        if (hex == null || hex.isEmpty()) {
            throw CliException.usage("msg.pin.env.missing", authKeyEnv);
        }
        try {
            byte[] k = Hex.decode(hex.trim());
            if (k.length != 16) {
                Arrays.fill(k, (byte) 0);
                throw CliException.usage("msg.initapp.authkey", authKeyEnv);
            }
            return k;
        } catch (DecoderException ex) {
            throw CliException.usage("msg.initapp.authkey", authKeyEnv);
        }
    }
}
