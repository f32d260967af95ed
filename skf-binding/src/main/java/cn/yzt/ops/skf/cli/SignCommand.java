package cn.yzt.ops.skf.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Signature;
import java.util.Collections;
import java.util.List;

import cn.yzt.ops.skf.jca.SkfKeyStore;
import cn.yzt.ops.skf.jca.SkfKeyStoreParameter;
import cn.yzt.ops.skf.jca.SkfProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** SM3withSM2 (default ID) over a file, through the JCA provider; writes the GM/T 0009 DER signature. */
@Command(name = "sign")
final class SignCommand extends TokenCommand {

    @Option(names = "--in", required = true, paramLabel = "FILE", descriptionKey = "opt.in")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "SIG", descriptionKey = "opt.out.sig")
    Path out;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) throws Exception {
        if (!Files.isRegularFile(in)) {
            throw new NoSuchFileException(in.toString());
        }
        SkfProvider provider = new SkfProvider();
        KeyStore ks = KeyStore.getInstance("SKF", provider);
        char[] pin = userPin.read(ctx);
        KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(pin);
        try {
            ks.load(SkfKeyStoreParameter.builder().library(ctx.library()).device(ctx.options.device)
                    .application(ctx.options.application).pin(protection).build());
        } finally {
            PinReader.wipe(pin);
            protection.destroy();
        }
        String alias = alias(ks, ctx);
        Key key = ks.getKey(alias, null);
        Signature sig = Signature.getInstance("SM3withSM2", provider);
        sig.initSign((java.security.PrivateKey) key);
        try (InputStream is = Files.newInputStream(in)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = is.read(buf)) > 0; ) {
                sig.update(buf, 0, n);
            }
        }
        byte[] der = sig.sign();
        Files.write(out, der);
        ctx.println("msg.sign.done", out, alias);
        return ExitCodes.OK;
    }

    /** The container given by --container, else the only signing entry. */
    private static String alias(KeyStore ks, CliContext ctx) throws Exception {
        List<String> signing = Collections.list(ks.aliases()).stream()
                .filter(a -> !a.endsWith(SkfKeyStore.ENC_SUFFIX)).toList();
        String wanted = ctx.options.container;
        if (wanted != null && !wanted.isBlank()) {
            if (!signing.contains(wanted)) {
                throw CliException.usage("msg.sign.noentry", wanted);
            }
            return wanted;
        }
        if (signing.size() != 1) {
            throw signing.isEmpty() ? CliException.usage("msg.sign.noentry", "-")
                    : CliException.usage("msg.container.ambiguous", String.join(", ", signing));
        }
        return signing.get(0);
    }
}
