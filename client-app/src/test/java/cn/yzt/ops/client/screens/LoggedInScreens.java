package cn.yzt.ops.client.screens;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.signing.DialogSigner;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.SigningService;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Test support for the screens against the real server: a {@link ConsoleContext} like the shell
 * builds (real SigningService + the real WYSIWYS dialog), and driving that dialog.
 */
public final class LoggedInScreens {
    public static final Executor BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "screens-test-bg");
        t.setDaemon(true);
        return t;
    });

    private static ConsoleTestServer shared;

    private LoggedInScreens() {
    }

    /**
     * One real server for all screen test classes of this JVM (surefire reuses its fork), so the
     * PostgreSQL + TLCP start is paid once; closed when the JVM exits. Each class uses its own
     * account names.
     */
    public static synchronized ConsoleTestServer sharedServer() {
        if (shared == null) {
            try {
                shared = ConsoleTestServer.start(java.nio.file.Files.createTempDirectory("screens-server"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ConsoleTestServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "screens-server-close"));
        }
        return shared;
    }

    public static ConsoleContext context(ConsoleTestServer server, LoggedIn li, Supplier<Window> owner) {
        ConsoleConfig cfg = server.config();
        ReceiptStore receipts = new ReceiptStore(cfg.recordsDir());
        SigningService signing = new SigningService(li.api(), li::identity, li.ledger(), receipts, cfg.locale());
        // the token session of the login stays open in the test: no PIN prompt expected
        DialogSigner signer = new DialogSigner(signing, BACKGROUND, owner, cfg.locale(), pin -> { });
        return new ConsoleContext(li.api(), signer, li.identity(), li.ledger(), receipts, cfg, cfg.locale(), BACKGROUND);
    }

    /** Waits for the signing dialog, checks its headline, signs, waits for "recorded" and closes it. */
    public static String signInDialog(FxRobot robot) throws Exception {
        await(robot, 20, () -> robot.lookup("#signButton").match(org.testfx.util.NodeQueryUtils.isVisible())
                .tryQuery().map(n -> !n.isDisabled()).orElse(false));
        String headline = robot.lookup("#signHeadline").match(org.testfx.util.NodeQueryUtils.isVisible()).queryLabeled().getText();
        robot.clickOn(robot.lookup("#signButton").match(org.testfx.util.NodeQueryUtils.isVisible()).<Node>query());
        await(robot, 30, () -> visible(robot, "#signClose"));
        String status = robot.lookup("#signStatus").match(org.testfx.util.NodeQueryUtils.isVisible()).queryLabeled().getText();
        robot.clickOn(robot.lookup("#signClose").match(org.testfx.util.NodeQueryUtils.isVisible()).<Node>query());
        return headline + "\n" + status;
    }

    /** The node is shown: it and its parents visible, in a showing window (TestFX's own test). */
    public static boolean visible(FxRobot robot, String query) {
        return robot.lookup(query).match(org.testfx.util.NodeQueryUtils.isVisible()).tryQuery().isPresent();
    }

    public static void await(FxRobot robot, int seconds, Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, c);
    }
}
