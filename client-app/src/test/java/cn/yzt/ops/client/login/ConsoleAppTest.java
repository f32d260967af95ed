package cn.yzt.ops.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.skf.testing.SoftUkey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The launcher on headless Monocle: without a usable SKF library it says so and what to do. */
class ConsoleAppTest {
    private Application app;

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.cleanupStages();
    }

    @Test
    void missingLibraryIsExplained() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", "/nonexistent/libskf-none.so");
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#noLibraryLabel").tryQuery().isPresent());
        String text = robot.lookup("#noLibraryLabel").queryAs(Label.class).getText();
        assertThat(text).startsWith("未找到 UKEY 驱动").contains("--skf-lib").contains("/nonexistent/libskf-none.so");
    }

    @Test
    void skfLibArgumentOpensTheLoginScreenWithTheInsertedKey() throws Exception {
        Path tokens = Files.createTempDirectory("console-app").resolve("tokens");
        Path lib = SoftUkey.prepare(tokens);
        SoftUkey.createToken(tokens, "UKEY-CLI");
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", lib.toString());
        FxRobot robot = new FxRobot();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> robot.lookup("#deviceList").tryQuery()
                .map(n -> ((ListView<?>) n).getItems().contains("UKEY-CLI")).orElse(false));
        // a blank token: no ops application yet, and the screen says what to do
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> robot.lookup("#messageLabel").queryAs(Label.class).getText().contains("请联系安全管理员"));
    }
}
