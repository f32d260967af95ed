package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;

/**
 * Insertions and removals arrive within 2 s, exactly once, whatever SKF_WaitForDevEvent does:
 * block and cancel (standard), return at once, be unsupported, or ignore cancel.
 */
class DeviceWatcherTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "quirks=[{0}]")
    @ValueSource(strings = {"", "wait-immediate", "wait-unsupported", "wait-nocancel"})
    void reportsChangesWithinTwoSecondsExactlyOnce(String quirk) throws Exception {
        Provisioning.Token t = quirk.isEmpty() ? Provisioning.token(dir, "W1") : Provisioning.token(dir, "W1", quirk);
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch out = new CountDownLatch(1);
        DeviceWatcher w = t.library().watch(e -> {
            events.add(e);
            if (e.deviceName().equals("W2")) {
                (e.kind() == DeviceEvent.Kind.INSERTED ? in : out).countDown();
            }
        });
        try {
            Thread.sleep(300); // let the wait start, so the standard path is really exercised
            Path w2 = SoftUkey.createToken(t.tokenDir(), "W2");
            assertThat(in.await(2, TimeUnit.SECONDS)).as("insertion within 2 s").isTrue();
            SoftUkey.removeToken(w2);
            assertThat(out.await(2, TimeUnit.SECONDS)).as("removal within 2 s").isTrue();
            Thread.sleep(800); // time for any duplicate from the other source to show up
            assertThat(events).containsExactly(
                    new DeviceEvent("W2", DeviceEvent.Kind.INSERTED),
                    new DeviceEvent("W2", DeviceEvent.Kind.REMOVED));
            // the wait source's own diagnosis of the library
            String state = ((DualSourceWatcher) w).waiterState();
            switch (quirk) {
                case "wait-immediate": assertThat(state).startsWith("returns immediately"); break;
                case "wait-unsupported": assertThat(state).startsWith("unsupported"); break;
                default: assertThat(state).isEqualTo("waiting"); break;
            }
        } finally {
            long t0 = System.nanoTime();
            w.close();
            assertThat((System.nanoTime() - t0) / 1_000_000).as("close() is bounded").isLessThan(3000);
        }
    }
}
