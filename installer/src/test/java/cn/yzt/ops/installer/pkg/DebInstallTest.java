package cn.yzt.ops.installer.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs both .deb files with dpkg into a minimal scratch root (no /etc/xdg/menus, no systemd, only
 * root in /etc/passwd), running their real maintainer scripts chrootless, then checks the layout the
 * packages promise, runs the installed server launcher, and removes them again.
 */
@Tag("package")
class DebInstallTest {

    @TempDir
    static Path dir;
    static Path root;
    static Proc.Result install;

    @BeforeAll
    static void install() throws Exception {
        root = Packages.scratchRoot(dir);
        install = Packages.dpkg(root, "-i", Packages.deb("yzt-ops-server").toString(),
                Packages.deb("yzt-ops-console").toString());
    }

    @Test
    void bothPackagesConfigureOnAMinimalSystem() throws Exception {
        assertThat(install.exit()).as(install.output()).isZero();
        Proc.Result status = Packages.dpkg(root, "-s", "yzt-ops-server", "yzt-ops-console");
        assertThat(status.output()).contains("Package: yzt-ops-server").contains("Package: yzt-ops-console");
        assertThat(status.output().lines().filter(l -> l.equals("Status: install ok installed")).count()).isEqualTo(2);
        assertThat(root.resolve("etc/xdg/menus")).doesNotExist();
        assertThat(Files.readString(root.resolve("var/lib/dpkg/status"))).doesNotContain("xdg-utils");
    }

    @Test
    void serverRunsAsItsOwnSystemUserWithPrivateData() throws Exception {
        String passwd = Files.readString(root.resolve("etc/passwd"));
        String user = passwd.lines().filter(l -> l.startsWith("yzt-ops:")).findFirst().orElseThrow();
        String[] f = user.split(":");
        assertThat(Integer.parseInt(f[2])).as("system uid").isLessThan(1000).isGreaterThan(0);
        assertThat(f[5]).isEqualTo("/var/lib/yzt-ops");
        assertThat(f[6]).isEqualTo("/usr/sbin/nologin");
        Path data = root.resolve("var/lib/yzt-ops");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwxr-x---");
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(Integer.parseInt(f[2]));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/yzt-ops/ops-server.env"))))
                .isEqualTo("rw-------");

        String unit = Files.readString(root.resolve("lib/systemd/system/yzt-ops-server.service"));
        assertThat(unit).contains("User=yzt-ops", "StateDirectory=yzt-ops", "StandardOutput=journal",
                "EnvironmentFile=-/etc/yzt-ops/ops-server.env",
                "ExecStart=/opt/yzt-ops-server/bin/yzt-ops-server --config /etc/yzt-ops/ops-server.properties serve");
        String cfg = Files.readString(root.resolve("etc/yzt-ops/ops-server.properties"));
        assertThat(cfg).contains("db.embedded.dataDir=/var/lib/yzt-ops/pg", "keys.file=/var/lib/yzt-ops/keys.sealed",
                "pki.trustAnchors=/etc/yzt-ops/trust-anchors.pem");
        assertThat(Files.readString(root.resolve("var/lib/dpkg/info/yzt-ops-server.conffiles")))
                .contains("/etc/yzt-ops/ops-server.properties", "/etc/yzt-ops/ops-server.env");
    }

    @Test
    void consoleHasSystemDefaultsMenuEntryAndJavaFxNativesInItsRuntime() throws Exception {
        assertThat(Files.readString(root.resolve("etc/yzt-ops/console.properties")))
                .contains("server=https://", "trust=/etc/yzt-ops/trust-anchors.pem", "skf.library");
        assertThat(Files.readString(root.resolve("var/lib/dpkg/info/yzt-ops-console.conffiles")))
                .contains("/etc/yzt-ops/console.properties");
        assertThat(Files.readString(root.resolve("usr/share/applications/yzt-ops-console.desktop")))
                .contains("Name[zh_CN]=一张图运维控制台", "Exec=/opt/yzt-ops-console/bin/yzt-ops-console");
        Path rt = root.resolve("opt/yzt-ops-console/lib/runtime");
        for (String so : List.of("libglass.so", "libglassgtk3.so", "libprism_sw.so", "libprism_es2.so",
                "libjavafx_font.so", "libjnidispatch.so")) {
            assertThat(rt.resolve("lib").resolve(so)).isRegularFile();
        }
        String modules = Proc.run(rt.resolve("bin/java").toString(), "--list-modules").output();
        assertThat(modules).contains("javafx.controls", "javafx.graphics", "jdk.localedata", "jdk.crypto.ec");
        // the natives are NOT inside the javafx.graphics module: nothing for JavaFX to unpack into ~/.openjfx
        String jimage = Path.of(System.getProperty("java.home"), "bin", "jimage").toString();
        String resources = Proc.run(jimage, "list", rt.resolve("lib/modules").toString()).output();
        assertThat(resources).contains("javafx.graphics");
        assertThat(resources).doesNotContain("libglass.so");
        try (Stream<Path> jars = Files.list(root.resolve("opt/yzt-ops-console/lib/app/lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("javafx-"));
        }
    }

    @Test
    void jnaNativePartLoadsFromTheRuntimeWithoutUnpacking() throws Exception {
        Path app = root.resolve("opt/yzt-ops-console");
        String cfg = Files.readString(app.resolve("lib/app/yzt-ops-console.cfg"));
        assertThat(cfg).contains("java-options=-Djna.boot.library.path=$APPDIR/../runtime/lib", "java-options=-Djna.nounpack=true");
        Path jna;
        try (Stream<Path> s = Files.list(app.resolve("lib/app/lib"))) {
            jna = s.filter(p -> p.getFileName().toString().startsWith("jna-")).findFirst().orElseThrow();
        }
        Path home = Files.createDirectories(dir.resolve("jna-home"));
        // com.sun.jna.Native's main prints the native library's version: it loaded (nothing to unpack from)
        Proc.Result r = Proc.run(List.of(app.resolve("lib/runtime/bin/java").toString(),
                "-Djna.boot.library.path=" + app.resolve("lib/runtime/lib"), "-Djna.nounpack=true",
                "-Duser.home=" + home, "-cp", jna.toString(), "com.sun.jna.Native"), java.util.Map.of("HOME", home.toString()),
                null, 60);
        assertThat(r.output()).contains("Native: ");
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void launchersCarryTheTlcpJvmOptionsLineByLine() throws Exception {
        List<String> args = Files.readAllLines(Path.of(System.getProperty("yzt.tlcp.args"))).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(args).isNotEmpty();
        for (String app : List.of("yzt-ops-server", "yzt-ops-console")) {
            String cfg = Files.readString(root.resolve("opt/" + app + "/lib/app/" + app + ".cfg"));
            for (String a : args) {
                assertThat(cfg).as(app).contains("java-options=" + a);
            }
        }
    }

    @Test
    void installedServerLauncherRunsWithChineseLocaleData() throws Exception {
        Proc.Result r = Proc.run(List.of(root.resolve("opt/yzt-ops-server/bin/yzt-ops-server").toString(), "config"),
                null, null, 120);
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("db.embedded.dataDir", "tlcp.signChain");
        String modules = Proc.run(root.resolve("opt/yzt-ops-server/lib/runtime/bin/java").toString(), "--list-modules").output();
        assertThat(modules).contains("jdk.localedata").doesNotContain("javafx");
        assertThat(root.resolve("opt/yzt-ops-server/lib/runtime/lib/libawt_xawt.so")).doesNotExist();
    }

    @Test
    void removalKeepsTheLedgerDataAndConfig() throws Exception {
        // runs last by name order is not guaranteed: work on a second scratch root
        Path second = Packages.scratchRoot(dir.resolve("second"));
        assertThat(Packages.dpkg(second, "-i", Packages.deb("yzt-ops-server").toString()).exit()).isZero();
        Files.writeString(second.resolve("var/lib/yzt-ops/keys.sealed"), "evidence");
        Proc.Result purge = Packages.dpkg(second, "--purge", "yzt-ops-server");
        assertThat(purge.exit()).as(purge.output()).isZero();
        assertThat(second.resolve("opt/yzt-ops-server")).doesNotExist();
        assertThat(second.resolve("var/lib/yzt-ops/keys.sealed")).hasContent("evidence");
    }
}
