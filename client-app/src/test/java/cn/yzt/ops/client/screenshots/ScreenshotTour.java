package cn.yzt.ops.client.screenshots;

import static cn.yzt.ops.client.screens.LoggedInScreens.await;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.NodeQueryUtils;
import org.testfx.util.WaitForAsyncUtils;

import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.approvals.RequestItem;
import cn.yzt.ops.client.login.ConsoleApp;
import cn.yzt.ops.client.map.MapView;
import cn.yzt.ops.client.screens.LoggedInScreens;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.server.testing.ConsoleServerFixture;
import cn.yzt.ops.skf.testing.Provisioning;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Stage;

/**
 * Not a test: regenerates docs/screenshots/*.png from the real console (not in the default run: the
 * name does not match the surefire includes). Needs a real display, e.g. Xvfb, and the GTK glass
 * platform instead of headless Monocle (client-app/README.md has the command). A real ops-server
 * with demo parcels and soft UKEYs; one person files a dual-control request, the person shown logs
 * in through the login screen, signs two operations, and each screen is captured from the screen.
 */
class ScreenshotTour {

    private static final int WIDTH = 1400;
    private static final int HEIGHT = 900;

    private final FxRobot robot = new FxRobot();
    private Stage window;

    @Test
    void tour() throws Exception {
        Path out = Path.of(System.getProperty("yzt.screenshots.dir", "../docs/screenshots")).toAbsolutePath().normalize();
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory("screenshot-tour");
        // the app remembers its window at exit: the tour's 1400x900 must not outlive it (the headless
        // tests' Monocle screen is smaller)
        Path windowState = cn.yzt.ops.client.settings.ConsoleDirs.current().windowStateFile();
        byte[] savedWindow = Files.exists(windowState) ? Files.readAllBytes(windowState) : null;
        try (ConsoleTestServer server = ConsoleTestServer.withDemoMap(dir, Integer.getInteger("tour.parcels", 3000))) {
            Stage primary = FxToolkit.registerPrimaryStage();
            ConsoleTestServer.User admin = server.user("zhangwei", "SYSTEM_ADMIN", "APPROVER");
            ConsoleTestServer.User requester = server.user("lina", "SECURITY_ADMIN");
            server.user("wangfang", "OPERATOR");
            server.user("liuyang", "AUDITOR");
            fileDualControlRequest(server, requester, primary);

            this.primary = primary;
            startApp(server, admin);
            await(robot, 30, () -> robot.lookup("#shellRoot").tryQuery().isPresent());
            robot.interact(() -> {
                window.setX(0);
                window.setY(0);
                window.setWidth(WIDTH);
                window.setHeight(HEIGHT);
            });

            // 地图浏览: the shell opens on the map; wait for the layers and a rendered frame
            MapView map = robot.lookup("#mapScreen").queryAs(MapView.class);
            await(robot, 60, () -> map.viewModel().loadedProperty().get());
            settle(3000);
            // a parcel clicked: its attributes in the side panel (the demo data is seeded, so is the spot)
            robot.clickOn(new javafx.geometry.Point2D(window.getX() + 735, window.getY() + 413));
            settle(1500);
            shot(out.resolve("shell-map.png"));

            // 用户管理 → disable wangfang: the signing dialog (what you see is what you sign)
            robot.clickOn("#nav-users");
            @SuppressWarnings("unchecked")
            TableView<cn.yzt.ops.protocol.api.UserDto> users = robot.lookup("#usersTable").queryAs(TableView.class);
            await(robot, 15, () -> users.getItems().stream().anyMatch(u -> u.username().equals("wangfang")));
            selectUser(users, "wangfang");
            settle(500);
            shot(out.resolve("users.png"));
            robot.clickOn("#disableButton");
            await(robot, 20, () -> robot.lookup("#signButton").match(NodeQueryUtils.isVisible()).tryQuery()
                    .map(n -> !n.isDisabled()).orElse(false));
            settle(800);
            shot(out.resolve("signing-dialog.png"));
            sign();
            settle(1500);
            selectUser(users, "wangfang");
            robot.clickOn("#enableButton");
            sign();
            settle(1500);
            selectUser(users, "liuyang");
            robot.clickOn("#disableButton");
            sign();
            settle(1000);

            // 待审批: lina's role grant waits for a second person
            robot.clickOn("#nav-approvals");
            @SuppressWarnings("unchecked")
            TableView<RequestItem> inbox = robot.lookup("#inboxTable").queryAs(TableView.class);
            await(robot, 15, () -> !inbox.getItems().isEmpty());
            robot.interact(() -> inbox.getSelectionModel().select(0));
            settle(800);
            shot(out.resolve("approvals.png"));

            // 签名记录: this console's receipts, verified against the ledger key on opening
            robot.clickOn("#nav-records");
            await(robot, 30, () -> robot.lookup("#summaryLabel").tryQuery()
                    .map(n -> !((javafx.scene.control.Label) n).getText().isBlank()).orElse(false));
            @SuppressWarnings("unchecked")
            TableView<Object> records = robot.lookup("#recordsTable").queryAs(TableView.class);
            robot.interact(() -> records.getSelectionModel().select(0));
            settle(1000);
            shot(out.resolve("records.png"));

            robot.clickOn("#logoutButton");
            await(robot, 10, () -> robot.lookup("#loginButton").tryQuery().isPresent());
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        } finally {
            if (savedWindow != null) {
                Files.write(windowState, savedWindow);
            } else {
                Files.deleteIfExists(windowState);
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private Application app;
    private Stage primary;

    /** lina asks for AUDITOR for wangfang (dual control by the default policy): signed, pending. */
    private void fileDualControlRequest(ConsoleTestServer server, ConsoleTestServer.User requester, Stage owner)
            throws Exception {
        LoggedIn li = server.login(requester);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> owner);
        ObjectNode params = StrictJson.object();
        params.put("username", "wangfang");
        params.put("role", "AUDITOR");
        AtomicReference<CompletableFuture<SignedResult>> f = new AtomicReference<>();
        robot.interact(() -> {
            if (owner.getScene() == null) {
                owner.setScene(new javafx.scene.Scene(new javafx.scene.control.Label("…"), 800, 600));
            }
            owner.show();
            f.set(ctx.signer().sign(new OperationRequest(OperationTypes.ROLE_GRANT, params, null)));
        });
        LoggedInScreens.signInDialog(robot);
        if (!f.get().get(10, TimeUnit.SECONDS).pending()) {
            throw new IllegalStateException("the role grant should wait for an approver");
        }
        robot.interact(owner::hide);
    }

    /** The real application, logged in through its login screen with the soft UKEY. */
    private void startApp(ConsoleTestServer server, ConsoleTestServer.User u) throws Exception {
        Properties p = server.systemProperties("state-" + u.username());
        for (String k : p.stringPropertyNames()) {
            System.setProperty(k, p.getProperty(k));
        }
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", server.libraryPath().toString());
        window = primary;
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#deviceList").queryAs(ListView.class);
        await(robot, 10, () -> list.getItems().contains(u.device()));
        robot.interact(() -> list.getSelectionModel().select(u.device()));
        await(robot, 10, () -> robot.lookup("#subjectLabel").queryLabeled().getText().contains("CN=" + u.username()));
        robot.interact(() -> {
            robot.lookup("#accountField").queryAs(TextField.class).setText(u.username());
            robot.lookup("#passwordField").queryAs(TextField.class).setText(ConsoleServerFixture.PASSWORD);
            robot.lookup("#pinField").queryAs(TextField.class).setText(new String(Provisioning.userPin()));
        });
        robot.clickOn("#loginButton");
    }

    /** Signs in the open dialog; a refusal stops the tour (no screenshot of a half-made state). */
    private void sign() throws Exception {
        String outcome = LoggedInScreens.signInDialog(robot);
        if (!outcome.contains("已签名并记录")) {
            throw new IllegalStateException("not signed: " + outcome);
        }
    }

    private void selectUser(TableView<cn.yzt.ops.protocol.api.UserDto> users, String name) throws Exception {
        await(robot, 15, () -> users.getItems().stream().anyMatch(u -> u.username().equals(name)));
        robot.interact(() -> users.getItems().stream().filter(u -> u.username().equals(name)).findFirst()
                .ifPresent(u -> users.getSelectionModel().select(u)));
    }

    private static void settle(long ms) throws Exception {
        Thread.sleep(ms);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The console window's area of the real screen (a dialog on top of it included). */
    private void shot(Path file) throws Exception {
        AtomicReference<WritableImage> img = new AtomicReference<>();
        robot.interact(() -> img.set(new Robot().getScreenCapture(null,
                new Rectangle2D(window.getX(), window.getY(), window.getWidth(), window.getHeight()), false)));
        WritableImage fx = img.get();
        int w = (int) fx.getWidth();
        int h = (int) fx.getHeight();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        PixelReader r = fx.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                b.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(b, "png", file.toFile());
        System.out.printf("screenshot %s (%dx%d, %d KB)%n", file, w, h, Files.size(file) / 1024);
    }
}
