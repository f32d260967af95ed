package cn.yzt.ops.client.settings;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.skf.testing.SoftUkey;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The settings / first-run screen on headless Monocle over real files in a temporary directory. */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
    private static final String CA_SUBJECT = "CN=YZT 测试根 CA,O=云南省自然资源厅,C=CN";

    @TempDir
    Path dir;

    private Stage stage;
    private SettingsViewModel vm;

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Label("…"), 900, 700));
        s.show();
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    private Map<String, String> env() {
        return Map.of("XDG_CONFIG_HOME", dir.resolve("cfg").toString(), "XDG_STATE_HOME", dir.resolve("state").toString());
    }

    private void open(FxRobot robot, SettingsStore store) throws Exception {
        robot.interact(() -> {
            vm = new SettingsViewModel(store, SettingsValidator.standard(), Messages.chinese());
            stage.setScene(new Scene(new SettingsView(vm), 900, 700));
            vm.load();
        });
        await(() -> !vm.busyProperty().get());
    }

    private static void await(Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void type(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(value));
    }

    private static Properties read(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void firstRunRefusesBadInputThenSavesWhatTheConsoleReads(FxRobot robot) throws Exception {
        ConsoleDirs dirs = ConsoleDirs.fromEnvironment(env());
        TestCerts ca = new TestCerts(CA_SUBJECT);
        Path pem = TestCerts.writePem(dir.resolve("ca.pem"), ca.ca);
        Path key = TestCerts.writePem(dir.resolve("ledger.pem"), TestCerts.keyPair().getPublic());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate");
        open(robot, new SettingsStore(dirs, new Properties()));
        AtomicInteger saved = new AtomicInteger();
        robot.interact(() -> vm.onSavedProperty().set(saved::incrementAndGet));
        assertThat(robot.lookup("#firstRunLabel").query().isVisible()).isTrue();
        assertThat(robot.lookup("#cancelButton").query().isVisible()).isFalse();

        type(robot, "#serverField", "http://127.0.0.1:8443");
        type(robot, "#trustField", garbage.toString());
        robot.clickOn("#saveButton");
        await(() -> text(robot, "#serverError").contains("必须以 https:// 开头"));
        assertThat(text(robot, "#trustError")).contains("没有可识别的证书");
        assertThat(text(robot, "#settingsMessage")).contains("标红");
        assertThat(dirs.userConfig()).doesNotExist();
        assertThat(saved).hasValue(0);

        type(robot, "#serverField", "https://127.0.0.1:8443");
        type(robot, "#trustField", pem.toString());
        type(robot, "#ledgerKeyField", key.toString());
        robot.clickOn("#saveButton");
        await(() -> Files.exists(dirs.userConfig()) && saved.get() == 1);
        Properties p = read(dirs.userConfig());
        assertThat(p.getProperty("server")).isEqualTo("https://127.0.0.1:8443");
        assertThat(p.getProperty("trust")).isEqualTo(pem.toString());
        assertThat(p.getProperty("ledgerKey")).isEqualTo(key.toString());
        assertThat(p.getProperty("lang")).isEqualTo("zh");
        assertThat(text(robot, "#serverError")).isEmpty();
        assertThat(robot.lookup("#firstRunLabel").query().isVisible()).isFalse();
        try (var files = Files.list(dirs.userConfig().getParent())) {
            assertThat(files).hasSize(1); // no temp file left behind
        }

        // the anchor is shown with its SM3 fingerprint, computed here independently
        SM3Digest d = new SM3Digest();
        byte[] der = ca.ca.getEncoded();
        d.update(der, 0, der.length);
        byte[] sm3 = new byte[32];
        d.doFinal(sm3, 0);
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(sm3);
        @SuppressWarnings("unchecked")
        ListView<TrustAnchor> anchors = robot.lookup("#anchorList").queryAs(ListView.class);
        assertThat(anchors.getItems()).singleElement().satisfies(a -> {
            assertThat(a.subject()).contains("YZT 测试根 CA");
            assertThat(a.sm3Fingerprint()).isEqualTo(expected);
        });
        assertThat(vm.describe(anchors.getItems().get(0))).contains(expected);
        assertThat(text(robot, "#ledgerKeyFingerprint")).startsWith("账本公钥 SM3 指纹：");

        // the client's configuration reader sees what was saved
        ConsoleConfig cfg = ConsoleConfig.load(new Properties(), env(), dir.resolve("etc.properties"));
        assertThat(cfg.server().toString()).isEqualTo("https://127.0.0.1:8443");
        assertThat(cfg.trust()).containsExactly(pem);
        assertThat(cfg.ledgerKey()).isEqualTo(key);
    }

    @Test
    void keepsOtherKeysAndExplainsOverridesAndSystemDefaults(FxRobot robot) throws Exception {
        ConsoleDirs dirs = ConsoleDirs.under(dir);
        Path pem = TestCerts.writePem(dir.resolve("ca.pem"), new TestCerts(CA_SUBJECT).ca);
        Files.createDirectories(dirs.userConfig().getParent());
        Files.writeString(dirs.userConfig(), "server=https://user.example:8443\ncustom.key=keep me\nlang=en\n");
        Files.createDirectories(dirs.systemConfig().getParent());
        Files.writeString(dirs.systemConfig(), "trust=" + pem + "\n");
        Properties sys = new Properties();
        sys.setProperty("yzt.server", "https://override.example:9443");
        open(robot, new SettingsStore(dirs, sys));

        assertThat(robot.lookup("#serverField").queryAs(TextField.class).getText()).isEqualTo("https://user.example:8443");
        assertThat(text(robot, "#serverNote")).contains("-Dyzt.server=https://override.example:9443");
        assertThat(text(robot, "#trustNote")).contains("系统默认").contains(pem.toString());
        assertThat(robot.lookup("#firstRunLabel").query().isVisible()).isFalse();
        await(() -> vm.anchors().size() == 1); // the system file's anchors count

        type(robot, "#serverNameField", "ops.example.cn");
        robot.clickOn("#saveButton");
        await(() -> read(dirs.userConfig()).getProperty("serverName") != null);
        Properties p = read(dirs.userConfig());
        assertThat(p.getProperty("custom.key")).isEqualTo("keep me");
        assertThat(p.getProperty("lang")).isEqualTo("en");
        assertThat(p.getProperty("trust")).isNull(); // the system default is not copied into the user file
    }

    @Test
    void crlFromAnotherCaAndUnusableSkfLibraryAreExplained(FxRobot robot) throws Exception {
        ConsoleDirs dirs = ConsoleDirs.under(dir);
        Path pem = TestCerts.writePem(dir.resolve("ca.pem"), new TestCerts(CA_SUBJECT).ca);
        Path otherCrl = TestCerts.writePem(dir.resolve("other.crl"), new TestCerts("CN=Other CA").crl());
        Path notALibrary = Files.writeString(dir.resolve("libfake.so"), "this is text, not ELF");
        open(robot, new SettingsStore(dirs, new Properties()));
        type(robot, "#serverField", "https://127.0.0.1:8443");
        type(robot, "#trustField", pem.toString());
        type(robot, "#crlField", otherCrl.toString());
        type(robot, "#skfField", notALibrary.toString());
        robot.clickOn("#saveButton");
        await(() -> !text(robot, "#crlError").isEmpty());
        assertThat(text(robot, "#crlError")).contains("CN=Other CA").contains("不是由所列信任锚");
        assertThat(text(robot, "#skflibraryError")).contains("不是动态库");
        assertThat(dirs.userConfig()).doesNotExist();

        // the real soft UKEY library is accepted and the detection says where it came from
        type(robot, "#crlField", "");
        type(robot, "#skfField", SoftUkey.library().toString());
        robot.clickOn("#detectButton");
        await(() -> text(robot, "#skflibraryError").isEmpty() && vm.detectionProperty().get().contains("将使用"));
        assertThat(vm.detectionProperty().get()).contains(SoftUkey.library().toString()).contains("可用");
    }

    @Test
    void firstRunShowsSettingsAndContinuesAfterTheSave(FxRobot robot) throws Exception {
        ConsoleDirs dirs = ConsoleDirs.under(dir);
        SettingsStore store = new SettingsStore(dirs, new Properties());
        assertThat(FirstRun.needed(store)).isTrue();
        Path pem = TestCerts.writePem(dir.resolve("ca.pem"), new TestCerts(CA_SUBJECT).ca);
        AtomicInteger continued = new AtomicInteger();
        robot.interact(() -> vm = FirstRun.show(stage, store, java.util.Locale.SIMPLIFIED_CHINESE,
                continued::incrementAndGet));
        await(() -> !vm.busyProperty().get());
        assertThat(robot.lookup("#firstRunLabel").query().isVisible()).isTrue();
        type(robot, "#serverField", "https://ops.example.cn:8443");
        type(robot, "#trustField", pem.toString());
        robot.clickOn("#saveButton");
        await(() -> continued.get() == 1);
        assertThat(FirstRun.needed(store)).isFalse();
    }

    @Test
    void tabOrderFollowsTheForm(FxRobot robot) throws Exception {
        open(robot, new SettingsStore(ConsoleDirs.under(dir), new Properties()));
        robot.clickOn("#serverField");
        robot.type(KeyCode.TAB);
        assertThat(focused(robot)).isEqualTo("serverNameField");
        robot.type(KeyCode.TAB);
        assertThat(focused(robot)).isEqualTo("trustField");
        robot.type(KeyCode.TAB);
        assertThat(focused(robot)).isEqualTo("trustBrowse");
        robot.type(KeyCode.TAB);
        assertThat(focused(robot)).isEqualTo("ledgerKeyField");
    }

    private static String focused(FxRobot robot) throws Exception {
        Node n = WaitForAsyncUtils.asyncFx(() -> robot.targetWindow().getScene().getFocusOwner()).get();
        return n == null ? null : n.getId();
    }

    @Test
    void windowStateRoundTripsAndAnUnreachablePositionIsCentred(FxRobot robot) throws Exception {
        Path file = dir.resolve("state").resolve("window.properties");
        new WindowState(40, 30, 1000, 640, false).save(file);
        assertThat(WindowState.load(file)).contains(new WindowState(40, 30, 1000, 640, false));
        new WindowState(-50_000, -50_000, 800, 600, true).save(file);
        WindowState off = WindowState.load(file).orElseThrow();
        robot.interact(() -> {
            Stage s = new Stage();
            off.applyTo(s);
            assertThat(s.getX()).isGreaterThan(-10_000);
            assertThat(s.isMaximized()).isTrue();
        });
        // a size saved on a bigger monitor opens no larger than this screen
        robot.interact(() -> {
            Stage s = new Stage();
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            new WindowState(0, 0, screen.getWidth() + 500, screen.getHeight() + 400, false).applyTo(s);
            assertThat(s.getWidth()).isLessThanOrEqualTo(screen.getWidth());
            assertThat(s.getHeight()).isLessThanOrEqualTo(screen.getHeight());
        });
        Files.writeString(file, "width=abc");
        assertThat(WindowState.load(file)).isEmpty();
    }
}
