package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;

/** Unplugging during a session: DeviceRemovedException, watcher events, and reconnecting. */
class RemovalTest {

    @TempDir
    Path dir;

    @Test
    void removalDuringSessionIsReportedAndWatched() throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "REMOVE-ME");
        Path backup = dir.resolve("backup.token");
        CountDownLatch removed = new CountDownLatch(1);
        CountDownLatch inserted = new CountDownLatch(1);
        DeviceWatcher w = t.library().watch(e -> {
            if (e.deviceName().equals("REMOVE-ME")) {
                (e.kind() == DeviceEvent.Kind.REMOVED ? removed : inserted).countDown();
            }
        });
        try (Provisioning.Provisioned p = t.provision()) {
            assertThat(p.container().sign(new byte[] {1}, null)).isNotEmpty();
            Files.copy(t.tokenFile(), backup);

            SoftUkey.removeToken(t.tokenFile());
            assertThatThrownBy(() -> p.app().pinInfo(PinType.USER))
                    .isInstanceOfSatisfying(DeviceRemovedException.class, e -> {
                        assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).isEqualTo("UKEY 已拔出，请重新插入后再试");
                        assertThat(e.userMessage(Locale.ENGLISH)).contains("removed");
                    });
            // handles are dropped: later calls fail fast the same way
            assertThatThrownBy(() -> p.container().sign(new byte[] {1}, null)).isInstanceOf(DeviceRemovedException.class);
            assertThat(removed.await(2, TimeUnit.SECONDS)).as("removal reported within 2 s").isTrue();

            // re-insert: copy then rename, so the library never sees a half-written token
            Path tmp = t.tokenDir().resolve("REMOVE-ME.tmp");
            Files.copy(backup, tmp);
            Files.move(tmp, t.tokenFile(), StandardCopyOption.ATOMIC_MOVE);
            assertThat(inserted.await(2, TimeUnit.SECONDS)).as("re-insertion reported within 2 s").isTrue();
        } finally { // closing the dead session must not throw
            w.close();
        }

        // reconnect by name: new handles, state kept in the token
        try (UKey key = t.library().connect("REMOVE-ME"); Application app = key.openApplication(Provisioning.APP)) {
            app.verifyPin(PinType.USER, Provisioning.userPin());
            try (Container c = app.openContainer(Provisioning.CONTAINER)) {
                byte[] m = {4, 5, 6};
                assertThat(TestCrypto.verifies(c.publicKey(true).orElseThrow(), m, c.sign(m, null))).isTrue();
            }
        }
    }

    @Test
    void connectToAbsentDeviceFailsClearly() {
        Provisioning.Token t = Provisioning.token(dir, "PRESENT");
        assertThatThrownBy(() -> t.library().connect("ABSENT")).isInstanceOf(SkfException.class);
    }
}
