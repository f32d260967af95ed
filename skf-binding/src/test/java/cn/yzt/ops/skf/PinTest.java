package cn.yzt.ops.skf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;
import cn.yzt.ops.skf.testing.VerifyPinMain;

/** Retry counters, locking (also across a process restart) and unblocking, on the real token. */
class PinTest {

    @TempDir
    Path dir;

    @Test
    void wrongPinCountsDownLocksAndStaysLockedUntilUnblocked() throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "PIN-KEY");
        try (Provisioning.Provisioned p = t.provision()) {
            Application app = p.app();
            for (int left = Provisioning.USER_RETRIES - 1; left >= 1; left--) {
                int expected = left;
                assertThatThrownBy(() -> app.verifyPin(PinType.USER, "wrong-pin".toCharArray()))
                        .isInstanceOfSatisfying(PinIncorrectException.class, e -> {
                            assertThat(e.retriesLeft()).isEqualTo(expected);
                            assertThat(e.userMessage(Locale.SIMPLIFIED_CHINESE)).isEqualTo("口令错误，还可尝试 " + expected + " 次");
                            assertThat(e.userMessage(Locale.ENGLISH)).isEqualTo("Wrong PIN: " + expected + " tries left");
                            assertThat(e.getMessage()).doesNotContain("wrong-pin");
                        });
                assertThat(app.pinInfo(PinType.USER).remainingRetries()).isEqualTo(expected);
            }
            // the last wrong try locks it
            assertThatThrownBy(() -> app.verifyPin(PinType.USER, "wrong-pin".toCharArray()))
                    .isInstanceOf(PinLockedException.class);
            assertThat(app.pinInfo(PinType.USER).locked()).isTrue();
            // even the right PIN is refused now, with the "ask the administrator" message
            assertThatThrownBy(() -> app.verifyPin(PinType.USER, Provisioning.userPin()))
                    .isInstanceOfSatisfying(PinLockedException.class, e -> assertThat(
                            e.userMessage(Locale.SIMPLIFIED_CHINESE)).isEqualTo("口令已锁定，请联系安全管理员解锁"));

            // a new process (fresh library load, nothing cached) still sees the lock
            assertThat(runVerifyInNewJvm(t)).isEqualTo("LOCKED");

            // the admin PIN unblocks it; the new user PIN works and the counter is full again
            char[] newPin = "new-user-pin".toCharArray();
            app.unblockPin(Provisioning.adminPin(), newPin);
            assertThat(app.pinInfo(PinType.USER).remainingRetries()).isEqualTo(Provisioning.USER_RETRIES);
            app.verifyPin(PinType.USER, newPin);
            assertThat(app.pinInfo(PinType.USER).locked()).isFalse();
        }
    }

    @Test
    void rightPinInNewJvmWorksBeforeAnyLock() throws Exception {
        Provisioning.Token t = Provisioning.token(dir, "PIN-OK");
        t.provision().close();
        assertThat(runVerifyInNewJvm(t)).isEqualTo("OK");
    }

    @Test
    void wrongAdminPinOnUnblockIsReported() {
        Provisioning.Token t = Provisioning.token(dir, "PIN-ADM");
        try (Provisioning.Provisioned p = t.provision()) {
            assertThatThrownBy(() -> p.app().unblockPin("bad-admin".toCharArray(), "x-user-pin".toCharArray()))
                    .isInstanceOfSatisfying(PinIncorrectException.class,
                            e -> assertThat(e.retriesLeft()).isEqualTo(Provisioning.ADMIN_RETRIES - 1));
        }
    }

    /** Runs {@link VerifyPinMain} in a NEW JVM on the same token directory; returns its verdict. */
    private static String runVerifyInNewJvm(Provisioning.Token t) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-Dyzt.softukey.native.dir=" + SoftUkey.nativeDir(),
                "-cp", System.getProperty("java.class.path"),
                VerifyPinMain.class.getName(),
                t.tokenDir().toString(), t.device(), Provisioning.APP));
        Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] lines = out.split("\\R");
        return lines[lines.length - 1];
    }
}
