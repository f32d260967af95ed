package cn.yzt.ops.client.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.api.TreeHeadStatus;
import cn.yzt.ops.client.login.ConsoleApp;
import cn.yzt.ops.client.map.MapView;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.signing.StoredReceipt;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.server.testing.ConsoleServerFixture;
import cn.yzt.ops.skf.testing.Provisioning;
import cn.yzt.ops.skf.testing.SoftUkey;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;

/**
 * The console end to end on headless Monocle: the real app (login screen → shell) and the shell's
 * lock and signing dialog, against a real ops-server over real TLCP with soft UKEYs. One server
 * (with a small demo map) for the class; each test has its own person and UKEY.
 */
class ConsoleEndToEndFxTest {

    @TempDir
    static Path dir;
    static ConsoleTestServer server;
    private Application app;
    private ConsoleShell shell;
    private final FxRobot robot = new FxRobot();
    private final Properties saved = new Properties();

    @BeforeAll
    static void start() throws Exception {
        server = ConsoleTestServer.withDemoMap(dir, 300);
        FxToolkit.registerPrimaryStage();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void cleanup() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            app = null;
        }
        if (shell != null) {
            ConsoleShell s = shell;
            robot.interact(s::dispose);
            shell = null;
        }
        FxToolkit.cleanupStages();
        for (String k : saved.stringPropertyNames()) {
            System.clearProperty(k);
        }
    }

    // ---- helpers ----

    private static void await(int seconds, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    private String text(String id) {
        return robot.lookup(id).tryQuery().map(n -> n instanceof Label l ? l.getText() : "").orElse("");
    }

    private boolean visible(String id) {
        return robot.lookup(id).tryQuery().map(Node::isVisible).orElse(false);
    }

    /** The real application, configured by system properties as bin/console does. */
    private void startApp(String state) throws Exception {
        Properties p = server.systemProperties(state);
        for (String k : p.stringPropertyNames()) {
            saved.setProperty(k, "");
            System.setProperty(k, p.getProperty(k));
        }
        app = FxToolkit.setupApplication(ConsoleApp.Fx.class, "--skf-lib", server.libraryPath().toString());
    }

    /** Chooses the user's key in the login screen and submits account, password and PIN. */
    private void loginThroughTheScreen(ConsoleTestServer.User u, String pin) throws Exception {
        @SuppressWarnings("unchecked")
        ListView<String> list = robot.lookup("#deviceList").queryAs(ListView.class);
        await(5, () -> list.getItems().contains(u.device()));
        robot.interact(() -> list.getSelectionModel().select(u.device()));
        await(5, () -> text("#subjectLabel").contains("CN=" + u.username()));
        // typed by setText: a robot types one key at a time (seconds per login on a busy machine)
        robot.interact(() -> {
            robot.lookup("#accountField").queryAs(TextField.class).setText(u.username());
            robot.lookup("#passwordField").queryAs(TextField.class).setText(ConsoleServerFixture.PASSWORD);
            robot.lookup("#pinField").queryAs(TextField.class).setText(pin);
        });
        robot.clickOn("#loginButton");
    }

    private ConsoleShell openShell(LoggedIn li, ConsoleTestServer.User u) throws Exception {
        return openShell(li, u, () -> { });
    }

    private ConsoleShell openShell(LoggedIn li, ConsoleTestServer.User u, Runnable onLoggedOut) throws Exception {
        AtomicReference<ConsoleShell> ref = new AtomicReference<>();
        FxToolkit.setupStage(stage -> {
            ConsoleShell s = server.shell(li, u, ScreenRegistry.standard(), onLoggedOut);
            ref.set(s);
            stage.setScene(new Scene(s.root(), 1100, 720));
            stage.show();
        });
        shell = ref.get();
        return shell;
    }

    // ---- tests ----

    @Test
    void theAppLogsInEndToEndAndTheShellShowsChannelSessionAndMap() throws Exception {
        ConsoleTestServer.User carol = server.user("carol", "SECURITY_ADMIN", "OPERATOR");
        startApp("state-carol");
        loginThroughTheScreen(carol, new String(Provisioning.userPin()));
        await(20, () -> robot.lookup("#shellRoot").tryQuery().isPresent());
        assertThat(text("#statusTlcp")).contains("ECC_SM4_").contains("localhost");
        assertThat(text("#statusUkey")).contains(carol.device());
        assertThat(text("#statusSession")).startsWith("会话剩余");
        assertThat(text("#statusUser")).contains("carol");
        for (String id : List.of("map", "approvals", "users", "roles", "audit", "records", "settings")) {
            assertThat(robot.lookup("#nav-" + id).tryQuery()).as(id).isPresent();
        }
        assertThat(robot.lookup("#nav-approvals").queryAs(javafx.scene.control.ToggleButton.class).getText())
                .isEqualTo("待审批");
        // the map browser loads the server's layers over TLCP
        MapView map = robot.lookup("#mapScreen").queryAs(MapView.class);
        await(20, () -> map.viewModel().loadedProperty().get());
        assertThat(map.viewModel().layers()).isNotEmpty();
        // first login: the ledger head is stored for the next one
        assertThat(Files.list(dir.resolve("state-carol")).anyMatch(f -> f.getFileName().toString().startsWith("treehead-")))
                .isTrue();
        robot.clickOn("#logoutButton");
        await(10, () -> robot.lookup("#loginButton").tryQuery().isPresent());
    }

    @Test
    void wrongPinShowsRetriesLeftAndALockedPinSaysWhoToCall() throws Exception {
        ConsoleTestServer.User dave = server.user("dave", "AUDITOR");
        startApp("state-dave");
        loginThroughTheScreen(dave, "wrong-pin");
        await(10, () -> text("#messageLabel").startsWith("口令错误"));
        assertThat(text("#messageLabel")).isEqualTo("口令错误，还可尝试 " + (Provisioning.USER_RETRIES - 1) + " 次");
        server.lockPin(dave);
        robot.interact(() -> {
            robot.lookup("#passwordField").queryAs(TextField.class).setText(ConsoleServerFixture.PASSWORD);
            robot.lookup("#pinField").queryAs(TextField.class).setText(new String(Provisioning.userPin()));
        });
        robot.clickOn("#loginButton");
        await(10, () -> text("#messageLabel").contains("PIN 已锁定"));
        assertThat(text("#messageLabel")).isEqualTo("PIN 已锁定，请联系安全管理员解锁");
        assertThat(robot.lookup("#shellRoot").tryQuery()).isEmpty();
    }

    @Test
    void removingTheUkeyLocksWithinTwoSecondsAndOnlyTheSameKeyWithItsPinUnlocks() throws Exception {
        ConsoleTestServer.User erin = server.user("erin", "AUDITOR");
        LoggedIn li = server.login(erin);
        ConsoleShell s = openShell(li, erin);
        assertThat(visible("#lockScreen")).isFalse();
        // a signing dialog is open when the key is pulled: it is closed too (it is another window)
        AtomicReference<CompletableFuture<SignedResult>> signing = new AtomicReference<>();
        robot.interact(() -> signing.set(s.context().signer().sign(new OperationRequest(OperationTypes.USER_DISABLE,
                JsonNodeFactory.instance.objectNode().put("username", "erin"), null))));
        await(10, () -> robot.lookup("#signButton").tryQuery().map(n -> !n.isDisabled()).orElse(false));

        server.remove(erin);
        await(2, () -> visible("#lockScreen"));
        await(2, () -> signing.get().isCompletedExceptionally());
        assertThat(robot.lookup("#signButton").tryQuery()).isEmpty();
        assertThat(text("#statusUkey")).isEqualTo("UKEY：已拔出");

        // another person's key (same CA) cannot unlock: refused before any PIN is asked
        ConsoleTestServer.User stray = server.strayKey("UK-stray");
        try {
            await(5, () -> text("#lockStatus").contains("不是登录时使用的 UKEY"));
            assertThat(robot.lookup("#unlockButton").queryAs(Button.class).isDisabled()).isTrue();
        } finally {
            SoftUkey.removeToken(stray.tokenFile());
        }
        await(3, () -> text("#lockStatus").contains("等待插入"));
        assertThat(visible("#lockScreen")).isTrue();

        server.insert(erin);
        await(5, () -> text("#lockStatus").contains("请输入 PIN"));
        robot.clickOn("#lockPin").write("wrong-pin");
        robot.clickOn("#unlockButton");
        await(5, () -> text("#lockStatus").startsWith("解锁失败"));
        assertThat(visible("#lockScreen")).isTrue();
        robot.clickOn("#lockPin").write(new String(Provisioning.userPin()));
        robot.clickOn("#unlockButton");
        await(5, () -> !visible("#lockScreen"));
        // new TLCP connections use the re-opened token; the session is the same
        assertThat(li.api().me().username()).isEqualTo("erin");
    }

    @Test
    void aUserCreatedThroughTheSigningDialogExistsAndItsReceiptVerifies() throws Exception {
        ConsoleTestServer.User frank = server.user("frank", "SECURITY_ADMIN");
        LoggedIn li = server.login(frank);
        ConsoleShell s = openShell(li, frank);
        AtomicReference<CompletableFuture<SignedResult>> future = new AtomicReference<>();
        robot.interact(() -> future.set(s.context().signer().sign(new OperationRequest(OperationTypes.USER_CREATE,
                JsonNodeFactory.instance.objectNode().put("username", "grace").put("displayName", "王五")
                        .put("phone", "13812345678"), null))));
        await(10, () -> robot.lookup("#signButton").tryQuery().map(n -> !n.isDisabled()).orElse(false));
        assertThat(text("#signHeadline")).startsWith("创建用户 grace").contains("王五");
        // the signer sees the plain personal values and the note; what is signed holds only commitments
        List<String> shown = robot.lookup("#signRows").queryAs(javafx.scene.layout.GridPane.class).getChildren().stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList();
        assertThat(shown).contains("13812345678", "个人信息以加盐 SM3 承诺写入签名文档，台账中不保存明文");
        robot.clickOn("#signJsonToggle");
        String json = robot.lookup("#signJson").queryAs(TextArea.class).getText();
        assertThat(json).contains("\"type\":\"user.create\"").contains("\"operator\":\"frank\"")
                .contains("\"phone\":\"sm3c:").doesNotContain("13812345678").doesNotContain("王五");
        assertThat(text("#signDigest").replace(" ", ""))
                .isEqualTo(HexFormat.of().formatHex(Sm2.sm3(json.getBytes(StandardCharsets.UTF_8))));
        robot.clickOn("#signButton");
        await(15, () -> text("#signStatus").startsWith("已签名并记录"));
        SignedResult r = future.get().get(1, TimeUnit.SECONDS);
        robot.clickOn("#signClose");

        assertThat(li.api().users()).extracting(u -> u.username()).contains("grace");
        // the account got the plain values; the ledger entry only the commitments
        long grace = server.server.services().users().idOf("grace").orElseThrow();
        assertThat(server.server.services().users().reveal(frank.id(), grace).phone()).isEqualTo("13812345678");
        assertThat(new String(r.entry(), StandardCharsets.UTF_8)).doesNotContain("13812345678").doesNotContain("王五");
        ReceiptVerifier independent = new ReceiptVerifier(server.server.ledgerPublicKey());
        assertThat(independent.verify(r.receipt(), r.entry())).isEmpty();
        List<StoredReceipt> kept = new ReceiptStore(server.config().recordsDir()).list();
        assertThat(kept).anySatisfy(k -> {
            assertThat(k.receipt().leafIndex()).isEqualTo(r.ledgerIndex());
            assertThat(ReceiptStore.verify(k, independent)).isEmpty();
        });
        assertThat(kept).noneSatisfy(k -> assertThat(k.description()).contains("王五"));

        // closing the dialog without signing changes nothing
        robot.interact(() -> future.set(s.context().signer().sign(new OperationRequest(OperationTypes.USER_CREATE,
                JsonNodeFactory.instance.objectNode().put("username", "mallory").put("displayName", "某人"), null))));
        await(10, () -> robot.lookup("#signButton").tryQuery().map(n -> !n.isDisabled()).orElse(false));
        robot.clickOn("#signCancel");
        await(5, () -> future.get().isDone());
        assertThat(future.get().isCompletedExceptionally()).isTrue();
        try {
            future.get().get();
            throw new AssertionError("a cancelled signature must not complete");
        } catch (CancellationException expected) {
            // what Signer promises for "closed without signing"
        }
        assertThat(li.api().users()).extracting(u -> u.username()).doesNotContain("mallory");
    }

    @Test
    void aSessionEndedByTheServerReturnsToTheLoginScreen() throws Exception {
        ConsoleTestServer.User ivan = server.user("ivan", "SECURITY_ADMIN");
        LoggedIn li = server.login(ivan);
        java.util.concurrent.CountDownLatch back = new java.util.concurrent.CountDownLatch(1);
        openShell(li, ivan, back::countDown);
        String id = li.api().sessions().stream().filter(x -> x.username().equals("ivan")).findFirst().orElseThrow().id();
        assertThat(server.server.services().sessions().revoke(ivan.id(), id)).isTrue();
        try {
            li.api().me();
            throw new AssertionError("a revoked session must be refused");
        } catch (cn.yzt.ops.client.api.OpsApiException expected) {
            assertThat(expected.kind()).isEqualTo(cn.yzt.ops.client.api.OpsApiException.Kind.UNAUTHENTICATED);
        }
        assertThat(back.await(5, TimeUnit.SECONDS)).isTrue();
        shell = null; // disposed by the shell itself
    }

    @Test
    void aLedgerThatDoesNotExtendTheStoredHeadShowsTheWarning() throws Exception {
        ConsoleTestServer.User heidi = server.user("heidi", "AUDITOR");
        var cfg = server.config().withStateDir(dir.resolve("state-heidi"));
        LoggedIn first = server.login(heidi, cfg);
        first.api().close();
        long size = first.treeHead().head().treeHead().treeSize();
        SignedTreeHead forged = server.server.forgedHead(size, Sm2.sm3("rewritten".getBytes(StandardCharsets.UTF_8)));
        Files.write(first.ledger().headFile(), forged.encode());

        LoggedIn li = server.login(heidi, cfg);
        assertThat(li.treeHead().state()).isEqualTo(TreeHeadStatus.State.INCONSISTENT);
        openShell(li, heidi);
        assertThat(visible("#ledgerWarning")).isTrue();
        String all = robot.lookup("#ledgerWarning").queryAll().stream().flatMap(n -> robot.from(n).lookup(".label")
                .queryAll().stream()).map(n -> ((Label) n).getText()).reduce("", String::concat);
        assertThat(all).contains("账本一致性警告").contains("账本历史可能被篡改");
    }
}
