package cn.yzt.ops.skf.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

import cn.yzt.ops.skf.Application;
import cn.yzt.ops.skf.Container;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the sign or enc certificate as PEM to stdout, or to --out (DER for .der/.cer). No PIN needed. */
@Command(name = "export-cert")
final class ExportCertCommand extends TokenCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    CertUsage usage;

    @Option(names = "--out", paramLabel = "FILE", descriptionKey = "opt.out.cert")
    Path out;

    @Override
    int execute(CliContext ctx) throws Exception {
        try (UKey key = ctx.connect(); Application app = ctx.openApplication(key);
             Container c = ctx.openContainer(app, false)) {
            X509Certificate cert = c.certificate(usage.sign).orElseThrow(() -> new CliException(
                    ExitCodes.DEVICE, "msg.cert.none", c.name(), ctx.messages.get(usage.messageKey())));
            if (out == null) {
                ctx.out.print(CliFiles.pem("CERTIFICATE", cert.getEncoded()));
            } else {
                CliFiles.write(out, "CERTIFICATE", cert.getEncoded());
                ctx.println("msg.cert.exported", out);
            }
        }
        return ExitCodes.OK;
    }
}
