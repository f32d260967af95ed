package cn.yzt.ops.client.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precedence of the console's settings: system property, then user file, then system file. */
class ConsoleConfigTest {

    @TempDir
    Path dir;

    @Test
    void systemPropertyBeatsUserFileBeatsSystemFile() throws Exception {
        Path userDir = Files.createDirectories(dir.resolve("cfg/yzt-ops"));
        Files.writeString(userDir.resolve("console.properties"),
                "server=https://user.example:8443/\ntrust=/u/ca.pem, /u/ca2.pem\nlang=en\n");
        Path system = dir.resolve("etc.properties");
        Files.writeString(system, "server=https://etc.example:8443\ncrl=/etc/ca.crl\nledgerKey=/etc/ledger.pem\n");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString());

        ConsoleConfig fromFiles = ConsoleConfig.load(new Properties(), env, system);
        assertThat(fromFiles.server().toString()).isEqualTo("https://user.example:8443");
        assertThat(fromFiles.trust()).containsExactly(Path.of("/u/ca.pem"), Path.of("/u/ca2.pem"));
        assertThat(fromFiles.crl()).isEqualTo(Path.of("/etc/ca.crl"));
        assertThat(fromFiles.ledgerKey()).isEqualTo(Path.of("/etc/ledger.pem"));
        assertThat(fromFiles.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(fromFiles.stateDir()).isEqualTo(dir.resolve("state/yzt-ops"));
        assertThat(fromFiles.recordsDir()).isEqualTo(dir.resolve("state/yzt-ops/records"));
        assertThat(fromFiles.expectedServerName()).isEqualTo("user.example");

        Properties sys = new Properties();
        sys.setProperty("yzt.server", "https://10.0.0.5:9443");
        sys.setProperty("yzt.lang", "zh");
        sys.setProperty("yzt.serverName", "ops.example");
        ConsoleConfig withProps = ConsoleConfig.load(sys, env, system);
        assertThat(withProps.server().toString()).isEqualTo("https://10.0.0.5:9443");
        assertThat(withProps.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(withProps.expectedServerName()).isEqualTo("ops.example");
        assertThat(withProps.trust()).containsExactly(Path.of("/u/ca.pem"), Path.of("/u/ca2.pem"));
    }

    @Test
    void chineseAndNoServerByDefaultAndOnlyHttpsAccepted() {
        ConsoleConfig c = ConsoleConfig.load(new Properties(), Map.of("XDG_CONFIG_HOME", dir.toString()),
                dir.resolve("none"));
        assertThat(c.server()).isNull();
        assertThat(c.trust()).isEqualTo(List.of());
        assertThat(c.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        Properties sys = new Properties();
        sys.setProperty("yzt.server", "http://plain.example");
        assertThatThrownBy(() -> ConsoleConfig.load(sys, Map.of(), dir.resolve("none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }
}
