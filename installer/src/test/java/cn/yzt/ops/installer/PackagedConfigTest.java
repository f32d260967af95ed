package cn.yzt.ops.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.server.config.ServerConfig;

/**
 * The configuration files the packages install under /etc/yzt-ops must be read the way the programs
 * read them: a misspelt key in a shipped default would otherwise be ignored (console) or stop the
 * service at its first start (server). And the user file must win over the system file.
 */
class PackagedConfigTest {

    static final Path PACKAGE = Path.of("src/package");

    @TempDir
    Path dir;

    @Test
    void consoleDefaultsUseOnlyKeysTheConsoleKnowsAndLoad() throws Exception {
        Path file = PACKAGE.resolve("console/console.properties");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        assertThat(p.stringPropertyNames()).isNotEmpty().allSatisfy(k -> assertThat(ConsoleConfig.KEYS).contains(k));
        ConsoleConfig c = ConsoleConfig.load(new Properties(), Map.of("XDG_CONFIG_HOME", dir.toString()), file);
        assertThat(c.server()).hasToString("https://127.0.0.1:8443");
        assertThat(c.trust()).containsExactly(Path.of("/etc/yzt-ops/trust-anchors.pem"));
        assertThat(c.skfLibrary()).as("empty = auto-detect").isNull();
    }

    @Test
    void userFileOverridesTheSystemDefaultsAndSystemPropertiesOverrideBoth() throws Exception {
        Path user = Files.createDirectories(dir.resolve("yzt-ops")).resolve("console.properties");
        Files.writeString(user, "server=https://ops.example.gov.cn:8443\nskf.library=/usr/lib/vendor_skf.so\n");
        Path system = PACKAGE.resolve("console/console.properties");
        ConsoleConfig c = ConsoleConfig.load(new Properties(), Map.of("XDG_CONFIG_HOME", dir.toString()), system);
        assertThat(c.server()).hasToString("https://ops.example.gov.cn:8443");
        assertThat(c.skfLibrary()).isEqualTo(Path.of("/usr/lib/vendor_skf.so"));
        assertThat(c.trust()).containsExactly(Path.of("/etc/yzt-ops/trust-anchors.pem"));
        Properties sys = new Properties();
        sys.setProperty("yzt.server", "https://10.0.0.5:9443");
        assertThat(ConsoleConfig.load(sys, Map.of("XDG_CONFIG_HOME", dir.toString()), system).server())
                .hasToString("https://10.0.0.5:9443");
    }

    @Test
    void serverConfigurationOfThePackageIsAcceptedAndPointsIntoVarLibAndEtc() throws Exception {
        ServerConfig cfg = ServerConfig.load(PACKAGE.resolve("server/ops-server.properties"));
        assertThat(cfg.string("db.embedded.dataDir")).isEqualTo("/var/lib/yzt-ops/pg");
        assertThat(cfg.string("keys.file")).isEqualTo("/var/lib/yzt-ops/keys.sealed");
        assertThat(cfg.string("pki.trustAnchors")).startsWith("/etc/yzt-ops/");
        assertThat(cfg.string("tlcp.signChain")).startsWith("/etc/yzt-ops/");
        // the check above means something: a misspelt key is refused by the same loader
        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "db.embeded.dataDir=/var/lib/yzt-ops/pg\n");
        assertThatThrownBy(() -> ServerConfig.load(bad).string("db.embeded.dataDir"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unitDesktopEntryAndLaunchersAgreeOnPaths() throws Exception {
        String unit = Files.readString(PACKAGE.resolve("server/yzt-ops-server.service"));
        assertThat(unit).contains("ExecStart=/opt/yzt-ops-server/bin/yzt-ops-server --config /etc/yzt-ops/ops-server.properties serve",
                "User=yzt-ops", "EnvironmentFile=-/etc/yzt-ops/ops-server.env");
        String script = Files.readString(PACKAGE.resolve("build-packages.sh"));
        assertThat(script).contains("--name yzt-ops-server", "--name yzt-ops-console");
        assertThat(Files.readString(PACKAGE.resolve("console/yzt-ops-console.desktop")))
                .contains("Exec=/opt/yzt-ops-console/bin/yzt-ops-console");
    }
}
