package cn.yzt.ops.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.settings.ConsoleDirs;
import cn.yzt.ops.client.settings.TestCerts;
import cn.yzt.ops.skf.testing.SoftUkey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The launcher on headless Monocle: the first-run settings screen when no server is configured,
 * and without a usable SKF library it says so and what to do. The surefire configuration points
 * XDG_CONFIG_HOME / XDG_STATE_HOME into the build directory, so nothing here touches the real home.
 */
class ConsoleAppTest {
    private Application app;
    private final ConsoleDirs dirs = ConsoleDirs.current();

    @BeforeEach
    void isolated() throws Exception {
        assertThat(dirs.userConfig().toString()).doesNotStartWith(System.getProperty("user.home") + "/.config");
        Files.deleteIfExists(dirs.userConfig());
    }

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
        System.clearProperty("yzt.server");
        Files.deleteIfExists(dirs.userConfig());
    }

    @Test
    void missingLibraryIsExplained() throws Exception {
        System.setProperty("yzt.server", "https://127.0.0.1:9443");
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", "/nonexistent/libskf-none.so");
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#noLibraryLabel").tryQuery().isPresent());
        String text = robot.lookup("#noLibraryLabel").queryAs(Label.class).getText();
        assertThat(text).startsWith("未找到 UKEY 驱动").contains("--skf-lib").contains("/nonexistent/libskf-none.so");
    }

    @Test
    void skfLibArgumentOpensTheLoginScreenWithTheInsertedKey() throws Exception {
        System.setProperty("yzt.server", "https://127.0.0.1:9443");
        Path lib = blankToken();
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", lib.toString());
        FxRobot robot = new FxRobot();
        awaitLoginWithBlankToken(robot);
    }

    @Test
    void withoutAServerTheSettingsScreenComesFirstThenTheLogin() throws Exception {
        Path lib = blankToken();
        Path pem = TestCerts.writePem(Files.createTempDirectory("console-app").resolve("ca.pem"),
                new TestCerts("CN=YZT 测试根 CA,O=云南省自然资源厅,C=CN").ca);
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", lib.toString());
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#serverField").tryQuery().isPresent());
        assertThat(robot.lookup("#firstRunLabel").query().isVisible()).isTrue();
        assertThat(robot.lookup("#deviceList").tryQuery()).isEmpty();

        TextField server = robot.lookup("#serverField").queryAs(TextField.class);
        TextField trust = robot.lookup("#trustField").queryAs(TextField.class);
        robot.interact(() -> {
            server.setText("https://127.0.0.1:9443");
            trust.setText(pem.toString());
        });
        robot.clickOn("#saveButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(dirs.userConfig()));
        assertThat(Files.readString(dirs.userConfig())).contains("server=https\\://127.0.0.1\\:9443");
        awaitLoginWithBlankToken(robot);
        assertThat(robot.lookup("#serverField").tryQuery()).isEmpty();
    }

    private static Path blankToken() throws Exception {
        Path tokens = Files.createTempDirectory("console-app").resolve("tokens");
        Path lib = SoftUkey.prepare(tokens);
        SoftUkey.createToken(tokens, "UKEY-CLI");
        return lib;
    }

    private static void awaitLoginWithBlankToken(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#deviceList").tryQuery()
                .map(n -> ((ListView<?>) n).getItems().contains("UKEY-CLI")).orElse(false));
        // a blank token: no ops application yet, and the screen says what to do
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#messageLabel").queryAs(Label.class).getText().contains("请联系安全管理员"));
    }
}
