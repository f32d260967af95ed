package cn.yzt.ops.skf.cli;

import java.nio.file.Path;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.pki.Sm2PublicKeyInfo;
import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.PinType;
import cn.yzt.ops.skf.UKey;
import cn.yzt.ops.skf.jca.SkfContentSigner;
import cn.yzt.ops.skf.jca.SkfPrivateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** PKCS#10 request for the container's sign key, signed on the token (SM3withSM2, default ID). */
@Command(name = "csr")
final class CsrCommand extends TokenCommand {

    @Option(names = "--subject", required = true, paramLabel = "DN", descriptionKey = "opt.subject")
    String subject;

    @Option(names = "--out", required = true, paramLabel = "FILE", descriptionKey = "opt.out.csr")
    Path out;

    @Option(names = "--gmt0010", descriptionKey = "opt.gmt0010")
    boolean gmt0010;

    @Mixin
    PinOptions.User userPin;

    @Override
    int execute(CliContext ctx) throws Exception {
        X500Name name = parseSubject(subject);
        char[] pin = userPin.read(ctx);
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key)) {
            app.verifyPin(PinType.USER, pin);
            try (Container c = ctx.openContainer(app, false)) {
                if (c.publicKey(true).isEmpty()) {
                    throw CliException.usage("msg.nosignkey", c.name());
                }
                SkfPrivateKey signKey = SkfPrivateKey.of(ctx.library(), c, true);
                SkfContentSigner signer = new SkfContentSigner(signKey,
                        gmt0010 ? SkfContentSigner.GMT0010_SM2_1 : SkfContentSigner.SM3_WITH_SM2, Sm2.DEFAULT_ID);
                PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(
                        name, Sm2PublicKeyInfo.of(signKey.publicKey())).build(signer);
                CliFiles.write(out, "CERTIFICATE REQUEST", csr.getEncoded());
                ctx.println("msg.csr.done", out, name.toString());
            }
        } finally {
            PinReader.wipe(pin);
        }
        return ExitCodes.OK;
    }

    static X500Name parseSubject(String dn) {
        try {
            X500Name name = new X500Name(BCStyle.INSTANCE, dn);
            if (name.getRDNs().length == 0) {
                throw CliException.usage("msg.subject.invalid", dn);
            }
            return name;
        } catch (IllegalArgumentException ex) {
            throw new CliException(ExitCodes.USAGE, ex, "msg.subject.invalid", dn);
        }
    }
}
