package cn.yzt.ops.skf.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceWatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints insert/remove events until interrupted, or until --count events or --seconds have passed. */
@Command(name = "watch")
final class WatchCommand extends TokenCommand {

    @Option(names = "--count", paramLabel = "N", descriptionKey = "opt.count")
    int count;

    @Option(names = "--seconds", paramLabel = "S", descriptionKey = "opt.seconds")
    long seconds;

    @Override
    @SuppressWarnings("try") // the watcher only needs to live (and be closed) around the wait
    int execute(CliContext ctx) throws InterruptedException {
        if (count < 0 || seconds < 0) {
            throw CliException.usage("msg.watch.negative");
        }
        CountDownLatch done = new CountDownLatch(count > 0 ? count : Integer.MAX_VALUE);
        ctx.println("msg.watch.start");
        try (DeviceWatcher watcher = ctx.library().watch(event -> {
            synchronized (ctx.out) {
                ctx.println(event.kind() == DeviceEvent.Kind.INSERTED ? "msg.watch.inserted" : "msg.watch.removed",
                        event.deviceName());
                ctx.out.flush();
            }
            done.countDown();
        })) {
            if (seconds > 0) {
                done.await(seconds, TimeUnit.SECONDS);
            } else {
                done.await();
            }
        }
        return ExitCodes.OK;
    }
}
