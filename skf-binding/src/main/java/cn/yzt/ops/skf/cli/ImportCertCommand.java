package cn.yzt.ops.skf.cli;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.cert.X509CertificateHolder;

import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Stores a certificate (PEM or DER) as the container's sign or enc certificate, after checking it fits the key. */
@Command(name = "import-cert")
final class ImportCertCommand extends TokenCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    CertUsage usage;

    @Parameters(index = "0", paramLabel = "FILE", descriptionKey = "arg.cert.file")
    Path file;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) throws Exception {
        byte[] der = CliFiles.readDerOrPem(file);
        X509CertificateHolder cert;
        try {
            cert = new X509CertificateHolder(der);
        } catch (Exception ex) {
            throw new CliException(ExitCodes.USAGE, ex, "msg.cert.invalid", file);
        }
        char[] pin = userPin.read(ctx);
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            app.verifyPin(PinType.USER, pin);
            try (Container c = ctx.openContainer(app, false)) {
                Optional<PublicKey> tokenKey = c.publicKey(usage.sign);
                if (usage.sign && tokenKey.isEmpty()) {
                    throw CliException.usage("msg.nosignkey", c.name());
                }
                // The enc certificate may arrive before its key pair; otherwise both must match.
                if (tokenKey.isPresent() && !Arrays.equals(
                        Sm2PublicKeyInfo.of(tokenKey.get()).getPublicKeyData().getOctets(),
                        cert.getSubjectPublicKeyInfo().getPublicKeyData().getOctets())) {
                    throw CliException.usage("msg.cert.mismatch", file, c.name());
                }
                c.importCertificate(usage.sign, der);
                ctx.println("msg.cert.imported", ctx.messages.get(usage.messageKey()), c.name(),
                        cert.getSubject().toString());
            }
        } finally {
            PinReader.wipe(pin);
        }
        return ExitCodes.OK;
    }
}
