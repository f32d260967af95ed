package cn.yzt.ops.client.records;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.LedgerCheck;
import cn.yzt.ops.client.settings.TestCerts;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.protocol.verify.OpsVerifyCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The records screen on headless Monocle over real receipt files (written by the signing
 * package's ReceiptStore) from a really signed ledger; verification is the real ops-protocol code.
 */
@ExtendWith(ApplicationExtension.class)
class RecordsViewTest {
    private static final String SERVER = "https://127.0.0.1:8443";
    private static LedgerFixture ledger;
    private static ExecutorService background;

    @TempDir
    Path dir;

    private Stage stage;
    private RecordsViewModel vm;
    private final AtomicReference<Path> exportTarget = new AtomicReference<>();
    private final AtomicReference<byte[]> served = new AtomicReference<>();

    @BeforeAll
    static void ledger() {
        ledger = new LedgerFixture();
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "records-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        background.shutdownNow();
    }

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Label("…"), 1000, 700));
        s.show();
    }

    private ConsoleConfig config(Path ledgerKeyPem, Path trust) {
        return new ConsoleConfig(URI.create(SERVER), trust == null ? List.of() : List.of(trust), null, null, null,
                Locale.SIMPLIFIED_CHINESE, ledgerKeyPem, dir.resolve("state"), dir.resolve("console.properties"));
    }

    private void open(FxRobot robot, ConsoleConfig cfg) throws Exception {
        LedgerCheck check = new LedgerCheck(cfg);
        robot.interact(() -> {
            vm = new RecordsViewModel(new ReceiptStore(cfg.recordsDir()), new ReceiptCheck(check), check.ledgerKey(),
                    cfg.trust(), index -> served.get(), Messages.chinese(), background);
            stage.setScene(new Scene(new RecordsView(vm, row -> exportTarget.get()), 1000, 700));
            vm.load();
        });
    }

    private void await(Callable<Boolean> c) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out; screen message: " + (vm == null ? null : vm.messageProperty().get()), e);
        }
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private RecordRow row(String type) {
        return vm.rows().stream().filter(r -> r.receipt() != null && r.receipt().type().equals(type)).findFirst()
                .orElseThrow();
    }

    /** Stores a receipt for a fresh signed operation, as the signing service does after a verified submit. */
    private Path store(ConsoleConfig cfg, String type, String description) {
        long index = ledger.operation(type, "lisi");
        return new ReceiptStore(cfg.recordsDir()).save(SERVER, type, description, ledger.receipt(index),
                ledger.entry(index));
    }

    private Path ledgerKeyPem() throws Exception {
        return TestCerts.writePem(dir.resolve("ledger.pem"), ledger.ledgerKey.getPublic());
    }

    private Path caPem() throws Exception {
        return TestCerts.writePem(dir.resolve("ca.pem"), ledger.pki.ca);
    }

    @Test
    void everyReceiptIsReverifiedOfflineAndATamperedOneFails(FxRobot robot) throws Exception {
        ConsoleConfig cfg = config(ledgerKeyPem(), caPem());
        store(cfg, "user.create", "创建用户 lisi");
        Path tampered = store(cfg, "user.disable", "停用用户 lisi");
        // flip one base64 character inside the stored entry: still a well-formed record, different bytes
        String json = Files.readString(tampered, StandardCharsets.UTF_8);
        int at = json.indexOf("\"entry\":\"") + 40;
        char c = json.charAt(at);
        Files.writeString(tampered, json.substring(0, at) + (c == 'A' ? 'B' : 'A') + json.substring(at + 1),
                StandardCharsets.UTF_8);
        Files.writeString(cfg.recordsDir().resolve("20260101-000000-9-broken.json"), "{\"v\":1,");

        open(robot, cfg);
        await(() -> vm.rows().size() == 3 && vm.rows().stream().allMatch(r -> r.outcome() != null));
        assertThat(vm.status(row("user.create").outcome())).isEqualTo("通过：已在签名的账本中");
        assertThat(vm.status(row("user.disable").outcome())).isEqualTo("未通过：记录内容与回执中的叶哈希不符（记录被改动）");
        assertThat(vm.rows().stream().filter(r -> r.receipt() == null).findFirst().orElseThrow().outcome().state())
                .isEqualTo(ReceiptCheck.State.UNREADABLE);
        assertThat(text(robot, "#summaryLabel")).isEqualTo("共 3 条，其中 2 条未通过校验。");

        // the table shows the same, and the details of the good one name the signer and what was signed
        @SuppressWarnings("unchecked")
        TableView<RecordRow> table = robot.lookup("#recordsTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(row("user.create")));
        await(() -> vm.detailsProperty().get().contains("签名人"));
        assertThat(vm.detailsProperty().get()).contains("CN=张三").contains("user.create").contains("创建用户 lisi");
        assertThat(robot.lookup("通过：已在签名的账本中").tryQuery()).isPresent();
    }

    @Test
    void evidenceIsVerifiedBeforeItIsSavedAndTheSavedFileVerifiesWithOpsVerify(FxRobot robot) throws Exception {
        Path key = ledgerKeyPem();
        Path ca = caPem();
        ConsoleConfig cfg = config(key, ca);
        store(cfg, "user.unlock", "解锁用户 lisi");
        open(robot, cfg);
        await(() -> vm.rows().size() == 1 && vm.rows().get(0).outcome() != null);
        RecordRow row = vm.rows().get(0);
        long index = row.receipt().receipt().leafIndex();
        @SuppressWarnings("unchecked")
        TableView<RecordRow> table = robot.lookup("#recordsTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(row));

        // a bundle signed by another ledger key (a server rewriting history) is refused, nothing written
        Path forgedTarget = dir.resolve("out").resolve("forged.json");
        served.set(ledger.bundle(index, TestCerts.keyPair()));
        exportTarget.set(forgedTarget);
        robot.clickOn("#exportButton");
        await(() -> text(robot, "#recordsMessage").contains("未通过校验"));
        assertThat(forgedTarget).doesNotExist();

        // a genuine bundle about another entry is refused as well
        long other = ledger.operation("user.enable", "wangwu");
        served.set(ledger.bundle(other, ledger.ledgerKey));
        robot.clickOn("#exportButton");
        await(() -> text(robot, "#recordsMessage").contains("不是这条回执"));
        assertThat(forgedTarget).doesNotExist();

        // the right one is saved, and ops-verify accepts the file on its own
        Path target = dir.resolve("out").resolve(RecordsViewModel.suggestedName(row));
        served.set(ledger.bundle(index, ledger.ledgerKey));
        exportTarget.set(target);
        robot.clickOn("#exportButton");
        await(() -> Files.exists(target) && text(robot, "#recordsMessage").contains("已校验并保存"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = OpsVerifyCli.run(new String[] {"bundle", target.toString(), "--trust", ca.toString(), "--ledger-key",
            key.toString()}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(rc).as(out.toString(StandardCharsets.UTF_8)).isZero();
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temp file left behind
        }
    }

    @Test
    void withoutALedgerKeyTheCheckSaysWhatWasNotCheckedAndExportIsRefused(FxRobot robot) throws Exception {
        ConsoleConfig cfg = config(null, caPem());
        store(cfg, "user.create", "创建用户 zhaoliu");
        open(robot, cfg);
        await(() -> vm.rows().size() == 1 && vm.rows().get(0).outcome() != null);
        assertThat(vm.rows().get(0).outcome().state()).isEqualTo(ReceiptCheck.State.VERIFIED_WITHOUT_KEY);
        assertThat(text(robot, "#summaryLabel")).contains("树头签名未核对");
        @SuppressWarnings("unchecked")
        TableView<RecordRow> table = robot.lookup("#recordsTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(0));
        exportTarget.set(dir.resolve("x.json"));
        robot.clickOn("#exportButton");
        await(() -> text(robot, "#recordsMessage").contains("未配置账本公钥"));
        assertThat(dir.resolve("x.json")).doesNotExist();
    }
}
