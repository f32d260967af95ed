package cn.yzt.ops.skf.cli;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.util.encoders.Hex;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;

/** Certificates in the containers (or in --container): subject, issuer, serial, validity, SM3 fingerprint. */
@Command(name = "certs")
final class CertsCommand extends TokenCommand {

    @Override
    int execute(CliContext ctx) throws CertificateEncodingException {
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            List<String> names = ctx.options.container == null ? app.containers() : List.of(ctx.options.container);
            for (String name : names) {
                try (Container c = ctx.options.container == null ? app.openContainer(name)
                        : ctx.openContainer(app, false)) {
                    print(ctx, name, "msg.usage.sign", c.certificate(true));
                    print(ctx, name, "msg.usage.enc", c.certificate(false));
                }
            }
        }
        return ExitCodes.OK;
    }

    private static void print(CliContext ctx, String container, String usageKey, Optional<X509Certificate> cert)
            throws CertificateEncodingException {
        if (cert.isEmpty()) {
            return;
        }
        X509Certificate x = cert.get();
        ctx.println("msg.certs.head", container, ctx.messages.get(usageKey));
        ctx.println("msg.certs.subject", x.getSubjectX500Principal().getName());
        ctx.println("msg.certs.issuer", x.getIssuerX500Principal().getName());
        ctx.println("msg.certs.serial", x.getSerialNumber().toString(16));
        ctx.println("msg.certs.validity", x.getNotBefore().toInstant().toString(), x.getNotAfter().toInstant().toString());
        ctx.println("msg.certs.fingerprint", Hex.toHexString(Sm2.sm3(x.getEncoded())));
    }
}
