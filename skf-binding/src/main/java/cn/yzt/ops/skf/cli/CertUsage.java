package cn.yzt.ops.skf.cli;

import picocli.CommandLine.Option;

/** Exactly one of --sign / --enc (picocli exclusive group). */
final class CertUsage {

    @Option(names = "--sign", required = true, descriptionKey = "opt.sign")
    boolean sign;

    @Option(names = "--enc", required = true, descriptionKey = "opt.enc")
    boolean enc;

    String messageKey() {
        return sign ? "msg.usage.sign" : "msg.usage.enc";
    }
}
