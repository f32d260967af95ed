package cn.yzt.ops.installer.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the console installed from the .deb (into a scratch root) on a real X server (Xvfb) with an
 * empty home directory, waits for its main window by title (xwininfo + xprop), and checks that
 * nothing was unpacked into the home (JavaFX natives in ~/.openjfx, JNA's in ~/.cache). Prints the
 * cold start time. The soft UKEY library is configured (YZT_SKF_LIBRARY) so JNA loads too. Needs xvfb, x11-utils and the console's GTK libraries; as root with apt-get they
 * are installed when missing (said on stdout).
 */
@Tag("package")
class ConsoleSmokeTest {

    static final List<String> TITLES = List.of("一张图运维控制台", "YZT Ops Console");
    private static final Pattern WINDOW_ID = Pattern.compile("^\\s+(0x[0-9a-f]+) ");

    @TempDir
    Path dir;

    @Test
    void installedConsoleOpensItsWindowUnderXvfb() throws Exception {
        ensureTools();
        Path root = Packages.scratchRoot(dir);
        Proc.Result inst = Packages.dpkg(root, "-i", Packages.deb("yzt-ops-console").toString());
        assertThat(inst.exit()).as(inst.output()).isZero();
        Path home = Files.createDirectories(dir.resolve("home"));

        String display = ":" + (90 + (int) (ProcessHandle.current().pid() % 100));
        Process xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(dir.resolve("xvfb.log").toFile()).start();
        Process console = null;
        try {
            waitForX(display);
            long t0 = System.nanoTime();
            ProcessBuilder pb = new ProcessBuilder(root.resolve("opt/yzt-ops-console/bin/yzt-ops-console").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
            pb.environment().putAll(Map.of("DISPLAY", display, "HOME", home.toString(), "LANG", "C.UTF-8"));
            // An SKF library to load (the soft UKEY, no token inserted): JNA's native part must then come
            // from the runtime too, not be unpacked into the home.
            Path skf = Path.of(System.getProperty("yzt.softukey.native.dir", "soft-ukey/target/native"), "libsoftukey.so");
            assertThat(skf).as("soft UKEY library (built by the reactor)").isRegularFile();
            pb.environment().put("YZT_SKF_LIBRARY", skf.toString());
            pb.environment().put("SOFTUKEY_DIR", Files.createDirectories(dir.resolve("tokens")).toString());
            pb.environment().remove("XDG_CONFIG_HOME");
            pb.environment().remove("XDG_STATE_HOME");
            console = pb.start();
            Optional<String> title = Optional.empty();
            while (title.isEmpty() && System.nanoTime() - t0 < 90_000_000_000L && console.isAlive()) {
                title = findWindow(display);
                if (title.isEmpty()) {
                    Thread.sleep(100);
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(title).as("window titled %s; console log:%n%s", TITLES, Files.readString(dir.resolve("console.log")))
                    .isPresent();
            System.out.printf("installed console: window \"%s\" after %d ms (cold start under Xvfb)%n", title.get(), ms);
            assertThat(home.resolve(".openjfx")).as("JavaFX natives unpacked into the home").doesNotExist();
            assertThat(home.resolve(".cache/JNA")).as("JNA natives unpacked into the home").doesNotExist();
        } finally {
            if (console != null) {
                console.destroy();
                console.waitFor();
            }
            xvfb.destroy();
            xvfb.waitFor();
        }
    }

    /** The title of a top-level window that is the console's, if one is mapped yet. */
    private static Optional<String> findWindow(String display) throws IOException, InterruptedException {
        Map<String, String> env = Map.of("DISPLAY", display);
        String tree = Proc.run(List.of("xwininfo", "-root", "-children"), env, null, 20).output();
        for (String line : tree.lines().toList()) {
            Matcher m = WINDOW_ID.matcher(line);
            if (!m.find()) {
                continue;
            }
            String name = Proc.run(List.of("xprop", "-id", m.group(1), "_NET_WM_NAME", "WM_NAME"), env, null, 20).output();
            for (String t : TITLES) {
                if (name.contains("\"" + t)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    private static void waitForX(String display) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Proc.run(List.of("xwininfo", "-root"), Map.of("DISPLAY", display), null, 10).exit() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Xvfb " + display + " did not come up");
    }

    private static void ensureTools() throws Exception {
        if (Proc.onPath("Xvfb") && Proc.onPath("xwininfo") && Proc.onPath("xprop")) {
            return;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Proc.onPath("apt-get")) {
            throw new IllegalStateException("the smoke test needs Xvfb and x11-utils: apt-get install -y xvfb x11-utils libgtk-3-0");
        }
        System.out.println("ConsoleSmokeTest: installing xvfb x11-utils libgtk-3-0 with apt-get (missing)");
        Proc.Result r = Proc.run(List.of("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive "
                + "apt-get install -y -qq xvfb x11-utils libgtk-3-0"), null, null, 900);
        assertThat(r.exit()).as(r.output()).isZero();
    }
}
