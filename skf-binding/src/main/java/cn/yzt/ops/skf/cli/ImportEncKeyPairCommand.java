package cn.yzt.ops.skf.cli;

import java.nio.file.Path;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.EnvelopedKeys;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Imports the KMC's GM/T 0009 SM2EnvelopedKey (DER or PEM) as the container's encryption key pair.
 * The private key stays enveloped to the token's sign key: this process never sees it in clear.
 */
@Command(name = "import-enc-keypair")
final class ImportEncKeyPairCommand extends TokenCommand {

    /** Where cbEncryptedPriKey puts the encrypted d; vendors disagree (SKF-SPEC §3.9). */
    enum Placement {
        RIGHT(EnvelopedKeys.Placement.RIGHT_ALIGNED_32),
        FULL(EnvelopedKeys.Placement.FULL_64),
        LEFT(EnvelopedKeys.Placement.LEFT_ALIGNED_32);

        final EnvelopedKeys.Placement value;

        Placement(EnvelopedKeys.Placement value) {
            this.value = value;
        }
    }

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "arg.envelope.file")
    Path file;

    @Option(names = "--placement", defaultValue = "RIGHT", paramLabel = "right|full|left",
            descriptionKey = "opt.placement")
    Placement placement;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) throws Exception {
        byte[] blob;
        try {
            blob = EnvelopedKeys.toBlob(CliFiles.readDerOrPem(file), placement.value);
        } catch (IllegalArgumentException ex) {
            throw new CliException(ExitCodes.USAGE, ex, "msg.envelope.invalid", file, ex.getMessage());
        }
        char[] pin = userPin.read(ctx);
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            app.verifyPin(PinType.USER, pin);
            try (Container c = ctx.openContainer(app, false)) {
                if (c.publicKey(true).isEmpty()) {
                    throw CliException.usage("msg.nosignkey", c.name());
                }
                c.importEncKeyPair(blob);
                ctx.println("msg.envelope.imported", c.name());
            }
        } finally {
            PinReader.wipe(pin);
        }
        return ExitCodes.OK;
    }
}
