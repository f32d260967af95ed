package cn.yzt.ops.skf.cli;

import cn.yzt.ops.skf.DeviceInfo;
import cn.yzt.ops.skf.UKey;
import picocli.CommandLine.Command;

/** SKF_GetDevInfo of the chosen device. */
@Command(name = "info")
final class InfoCommand extends TokenCommand {

    @Override
    int execute(CliContext ctx) {
        try (UKey key = ctx.connect()) {
            DeviceInfo i = key.info();
            ctx.println("msg.info.device", key.name());
            ctx.println("msg.info.manufacturer", i.manufacturer());
            ctx.println("msg.info.issuer", i.issuer());
            ctx.println("msg.info.label", i.label());
            ctx.println("msg.info.serial", i.serialNumber());
            ctx.println("msg.info.version", i.versionMajor() + "." + i.versionMinor(),
                    i.hwMajor() + "." + i.hwMinor(), i.fwMajor() + "." + i.fwMinor());
            ctx.println("msg.info.caps", hex(i.algSymCap()), hex(i.algAsymCap()), hex(i.algHashCap()),
                    hex(i.devAuthAlgId()));
            ctx.println("msg.info.sm2", ctx.messages.get(i.hasSm2() ? "msg.yes" : "msg.no"));
            ctx.println("msg.info.space", Long.toString(i.totalSpace()), Long.toString(i.freeSpace()));
            ctx.println("msg.info.layout", i.packedLayout() ? "294 (pack 1)" : "296 (natural)");
        }
        return ExitCodes.OK;
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
