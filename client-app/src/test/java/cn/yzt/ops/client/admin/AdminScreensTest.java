package cn.yzt.ops.client.admin;

import static cn.yzt.ops.client.screens.LoggedInScreens.await;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.screens.LoggedInScreens;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.StoredReceipt;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.api.AuditEntryDto;
import cn.yzt.ops.protocol.api.UserDto;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** 用户管理, 角色权限 and 审计日志 against a real ops-server with soft UKEYs and the real signing dialog. */
@ExtendWith(ApplicationExtension.class)
class AdminScreensTest {
    @TempDir
    static Path dir;
    static ConsoleTestServer server;
    static ConsoleTestServer.User sandy;
    static ConsoleTestServer.User erin;
    static ConsoleTestServer.User frank;
    static ConsoleTestServer.User ursula;
    static ConsoleTestServer.User victor;
    static ConsoleTestServer.User simon;

    private Stage stage;

    @BeforeAll
    static void start() {
        server = LoggedInScreens.sharedServer();
        sandy = server.user("sandy", "SECURITY_ADMIN");
        erin = server.user("erin", "AUDITOR");
        frank = server.user("frank", "AUDITOR");
        ursula = server.user("ursula", "APPROVER");
        victor = server.user("victor", "OPERATOR");
        simon = server.user("simon", "SYSTEM_ADMIN"); // USER_MANAGE: password resets
    }

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Label("…"), 1100, 700));
        s.show();
    }

    private static void type(FxRobot robot, String id, String value) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(value));
    }

    @Test
    void aUserCreatedThroughTheDialogAppearsInTheListAndItsReceiptVerifies(FxRobot robot) throws Exception {
        LoggedIn li = server.login(sandy);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> stage);
        UsersViewModel vm = new UsersViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        robot.interact(() -> {
            stage.setScene(new Scene(new UsersView(vm), 1100, 700));
            vm.refresh();
        });
        @SuppressWarnings("unchecked")
        TableView<UserDto> table = robot.lookup("#usersTable").queryAs(TableView.class);
        await(robot, 10, () -> table.getItems().size() >= 3);

        robot.clickOn("#createUserButton");
        await(robot, 5, () -> LoggedInScreens.visible(robot, "#newUsername"));
        type(robot, "#newUsername", "dave");
        type(robot, "#newDisplayName", "王大卫");
        type(robot, "#newIdCard", "530902199001011234"); // wrong check digit: refused before signing
        robot.clickOn("#createUserOk");
        assertThat(robot.lookup("#createProblem").queryLabeled().getText()).contains("GB 11643");
        type(robot, "#newIdCard", "530902199001011235");
        type(robot, "#newPhone", "13812345678");
        // a conflicting pair of roles is explained at once and cannot be submitted
        robot.interact(() -> {
            robot.lookup("#role-SECURITY_ADMIN").queryAs(CheckBox.class).setSelected(true);
            robot.lookup("#role-AUDITOR").queryAs(CheckBox.class).setSelected(true);
        });
        assertThat(robot.lookup("#createProblem").queryLabeled().getText()).contains("三员分立");
        robot.clickOn("#createUserOk");
        assertThat(LoggedInScreens.visible(robot, "#newUsername")).isTrue(); // refused: the dialog stays
        assertThat(LoggedInScreens.visible(robot, "#signButton")).isFalse();
        robot.interact(() -> {
            robot.lookup("#role-SECURITY_ADMIN").queryAs(CheckBox.class).setSelected(false);
            robot.lookup("#role-AUDITOR").queryAs(CheckBox.class).setSelected(false);
            robot.lookup("#role-OPERATOR").queryAs(CheckBox.class).setSelected(true);
        });
        robot.clickOn("#createUserOk");
        String dialog = LoggedInScreens.signInDialog(robot);
        assertThat(dialog).contains("dave").contains("已签名并记录");
        // the server-made initial password is shown once, and it is the one the server set
        String initial = takeOneTimePassword(robot);
        assertThat(server.server.services().users().passwordMatches(
                server.server.services().users().forLogin("dave").orElseThrow(), initial.toCharArray())).isTrue();

        await(robot, 10, () -> table.getItems().stream().anyMatch(u -> u.username().equals("dave")));
        UserDto dave = table.getItems().stream().filter(u -> u.username().equals("dave")).findFirst().orElseThrow();
        assertThat(dave.roles()).containsExactly("OPERATOR");
        assertThat(dave.displayName()).isNotBlank();

        // the receipt the signing service stored re-verifies offline with the configured ledger key
        ReceiptStore store = ctx.receipts();
        StoredReceipt receipt = store.list().stream().filter(r -> r.type().equals("user.create")).findFirst().orElseThrow();
        assertThat(ReceiptStore.verify(receipt, ctx.ledger().receiptVerifier().orElseThrow())).isEmpty();

        // 签名记录: the same receipt, and its evidence bundle downloaded from the server, verified, saved
        cn.yzt.ops.client.records.RecordsViewModel records = new cn.yzt.ops.client.records.RecordsViewModel(store,
                new cn.yzt.ops.client.records.ReceiptCheck(ctx.ledger()), ctx.ledger().ledgerKey(), ctx.config().trust(),
                ctx.api()::evidenceBundle, new cn.yzt.ops.client.records.Messages(ctx.locale()), ctx.background());
        robot.interact(records::load);
        await(robot, 10, () -> records.rows().stream().anyMatch(r -> r.receipt() != null
                && r.receipt().type().equals("user.create") && r.outcome() != null));
        cn.yzt.ops.client.records.RecordRow row = records.rows().stream()
                .filter(r -> r.receipt() != null && r.receipt().type().equals("user.create")).findFirst().orElseThrow();
        assertThat(row.outcome().state()).isEqualTo(cn.yzt.ops.client.records.ReceiptCheck.State.VERIFIED);
        Path evidence = dir.resolve("evidence-user-create.json");
        robot.interact(() -> records.exportEvidence(row, evidence));
        await(robot, 15, () -> Files.exists(evidence) && records.messageProperty().get().contains("已校验并保存"));
    }

    @Test
    void anotherSessionIsListedAndEndedBySignedRevocation(FxRobot robot) throws Exception {
        LoggedIn first = server.login(sandy);
        java.util.Set<String> before = new java.util.HashSet<>();
        first.api().sessions().forEach(x -> before.add(x.id()));
        LoggedIn second = server.login(sandy);
        ConsoleContext ctx = LoggedInScreens.context(server, first, () -> stage);
        SessionsView view = new SessionsView(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        robot.interact(() -> {
            stage.setScene(new Scene(view, 1100, 700));
            view.refresh();
        });
        @SuppressWarnings("unchecked")
        TableView<cn.yzt.ops.protocol.api.SessionDto> table = robot.lookup("#sessionsTable").queryAs(TableView.class);
        await(robot, 10, () -> table.getItems().size() >= 2);
        String secondId = first.api().sessions().stream().map(cn.yzt.ops.protocol.api.SessionDto::id)
                .filter(id -> !before.contains(id)).findFirst().orElseThrow();
        cn.yzt.ops.protocol.api.SessionDto target = table.getItems().stream().filter(s -> s.id().equals(secondId))
                .findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(target));
        robot.clickOn("#revokeSessionButton");
        assertThat(LoggedInScreens.signInDialog(robot)).contains(secondId);
        await(robot, 10, () -> table.getItems().stream().noneMatch(s -> s.id().equals(secondId)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.api().me())
                .isInstanceOf(cn.yzt.ops.client.api.OpsApiException.class);
    }

    @Test
    void aConflictingGrantIsExplainedBeforeAnythingIsSigned(FxRobot robot) throws Exception {
        LoggedIn li = server.login(sandy);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> stage);
        RolesViewModel vm = new RolesViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        robot.interact(() -> {
            stage.setScene(new Scene(new RolesView(vm), 1100, 700));
            vm.refresh();
        });
        @SuppressWarnings("unchecked")
        TableView<UserDto> table = robot.lookup("#rolesTable").queryAs(TableView.class);
        await(robot, 10, () -> table.getItems().stream().anyMatch(u -> u.username().equals("erin")));
        robot.interact(() -> {
            table.getSelectionModel().select(table.getItems().stream().filter(u -> u.username().equals("erin"))
                    .findFirst().orElseThrow());
            vm.selectedRoleProperty().set("SECURITY_ADMIN");
        });
        assertThat(robot.lookup("#sodLabel").queryLabeled().getText())
                .as("user %s role %s", vm.selectedUserProperty().get(), vm.selectedRoleProperty().get())
                .contains("安全管理员 (SECURITY_ADMIN)").contains("审计管理员 (AUDITOR)").contains("三员分立");
        robot.clickOn("#grantButton");
        assertThat(robot.lookup("#rolesMessage").queryLabeled().getText()).contains("职责分离");
        assertThat(robot.lookup("#signButton").tryQuery()).isEmpty(); // no signing dialog was opened
        assertThat(li.api().user(erin.id()).roles()).containsExactly("AUDITOR");
        assertThat(robot.lookup("#roleInfo").queryTextInputControl().getText()).contains("授予角色");
    }

    @Test
    void theAuditLogFiltersAndItsExportIsSignedAndSavedAsCsv(FxRobot robot) throws Exception {
        LoggedIn li = server.login(frank);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> stage);
        AuditViewModel vm = new AuditViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        Path csv = dir.resolve("export").resolve("audit.csv");
        robot.interact(() -> stage.setScene(new Scene(new AuditView(vm, n -> csv), 1100, 700)));
        type(robot, "#auditEvent", "login");
        robot.clickOn("#auditSearch");
        await(robot, 10, () -> !vm.rows().isEmpty());
        List<AuditEntryDto> rows = List.copyOf(vm.rows());
        assertThat(rows).allSatisfy(e -> assertThat(e.type()).isEqualTo("LOGIN"));
        assertThat(rows).anyMatch(e -> "frank".equals(e.username()));

        robot.clickOn("#auditExport");
        String dialog = LoggedInScreens.signInDialog(robot);
        assertThat(dialog).contains("导出审计日志").contains("LOGIN");
        // dual control: nothing is written on signing (not the rows on screen, not anything)
        await(robot, 10, () -> vm.messageProperty().get().contains("我的申请"));
        assertThat(csv).doesNotExist();

        approveAs(robot, ursula, "audit.export", frank);
        // the requester collects the SERVER's CSV once, from 我的申请
        cn.yzt.ops.client.approvals.ApprovalsViewModel avm = openMine(robot, ctx, v -> v.csvTarget(w -> csv));
        ApprovalsRow mine = awaitResult(robot, avm, "导出审计日志");
        assertThat(mine.state()).contains("已批准").contains("ursula");
        robot.interact(() -> mineTable(robot).getSelectionModel().select(mine.row()));
        robot.clickOn("#takeResultButton");
        await(robot, 10, () -> Files.exists(csv));
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("seq,at,type").contains("\"LOGIN\"").contains("\"frank\"").doesNotContain("\uFEFF");
        // the same bytes whose SM3 the server returned (and the approval's ledger entry records)
        String sm3 = sm3Hex(text.getBytes(StandardCharsets.UTF_8));
        await(robot, 10, () -> avm.messageProperty().get().contains(sm3));
        // handed out once: the second time there is nothing
        assertThat(li.api().takeResult(mine.row().item().request().leafHash())).isEmpty();
    }

    @Test
    void passwordResetShowsTheServersOneTimePasswordOnce(FxRobot robot) throws Exception {
        LoggedIn li = server.login(simon);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> stage);
        UsersViewModel vm = new UsersViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        robot.interact(() -> {
            stage.setScene(new Scene(new UsersView(vm), 1100, 700));
            vm.refresh();
        });
        @SuppressWarnings("unchecked")
        TableView<UserDto> table = robot.lookup("#usersTable").queryAs(TableView.class);
        await(robot, 10, () -> table.getItems().stream().anyMatch(u -> u.username().equals("victor")));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(u -> u.username().equals("victor")).findFirst().orElseThrow()));
        robot.clickOn("#resetPasswordButton");
        assertThat(LoggedInScreens.signInDialog(robot)).contains("victor");
        String pw;
        try {
            pw = takeOneTimePassword(robot);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("screen: " + vm.messageProperty().get(), e);
        }
        assertThat(pw).isNotBlank();
        assertThat(server.server.services().users().passwordMatches(
                server.server.services().users().forLogin("victor").orElseThrow(), pw.toCharArray())).isTrue();
        assertThat(vm.oneTimeProperty().get()).isNull(); // the model kept no copy
    }

    @Test
    void revealIsShownToTheRequesterOnceAfterApproval(FxRobot robot) throws Exception {
        LoggedIn li = server.login(sandy);
        ConsoleContext ctx = LoggedInScreens.context(server, li, () -> stage);
        // the list never reveals, even to a holder of PERSONAL_DATA_REVEAL
        assertThat(li.api().users()).allSatisfy(u -> assertThat(u.revealed()).isFalse());
        UsersViewModel vm = new UsersViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        robot.interact(() -> {
            stage.setScene(new Scene(new UsersView(vm), 1100, 700));
            vm.refresh();
        });
        @SuppressWarnings("unchecked")
        TableView<UserDto> table = robot.lookup("#usersTable").queryAs(TableView.class);
        await(robot, 10, () -> table.getItems().stream().anyMatch(u -> u.username().equals("victor")));
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(u -> u.username().equals("victor")).findFirst().orElseThrow()));
        // a security administrator may reveal but not disable (USER_MANAGE): the button says so instead of a refusal
        await(robot, 5, () -> vm.permissionsProperty().get() != null);
        assertThat(robot.lookup("#revealButton").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#disableButton").queryButton().isDisabled()).isTrue();
        javafx.scene.control.Tooltip why = (javafx.scene.control.Tooltip) robot.lookup("#disableButtonHolder").query()
                .getProperties().get(UsersView.TOOLTIP);
        assertThat(why.getText()).contains("USER_MANAGE");
        assertThat(robot.lookup("#revealButtonHolder").query().getProperties()).doesNotContainKey(UsersView.TOOLTIP);
        robot.clickOn("#revealButton");
        assertThat(LoggedInScreens.signInDialog(robot)).contains("victor");
        await(robot, 10, () -> vm.messageProperty().get().contains("我的申请"));

        approveAs(robot, ursula, "user.reveal", sandy);
        cn.yzt.ops.client.approvals.ApprovalsViewModel avm = openMine(robot, ctx, v -> { });
        ApprovalsRow mine = awaitResult(robot, avm, "victor");
        robot.interact(() -> mineTable(robot).getSelectionModel().select(mine.row()));
        robot.clickOn("#takeResultButton");
        await(robot, 10, () -> LoggedInScreens.visible(robot, "#resultText"));
        javafx.scene.control.TextArea shown = robot.lookup("#resultText").queryAs(javafx.scene.control.TextArea.class);
        assertThat(shown.getText()).contains("username: victor").contains("displayName: ");
        assertThat(shown.isEditable()).isFalse();
        closeDialogOf(robot, shown);
        assertThat(li.api().takeResult(mine.row().item().request().leafHash())).isEmpty();
    }

    private record ApprovalsRow(cn.yzt.ops.client.approvals.ApprovalsViewModel.MyRequest row, String state) {
    }

    /** {@code approver} approves the pending request of {@code type} by {@code requester} through the signing dialog. */
    private void approveAs(FxRobot robot, ConsoleTestServer.User approver, String type, ConsoleTestServer.User requester)
            throws Exception {
        LoggedIn a = server.login(approver);
        ConsoleContext actx = LoggedInScreens.context(server, a, () -> stage);
        cn.yzt.ops.client.api.PendingRequest p = a.api().pending().stream()
                .filter(x -> x.type().equals(type) && x.requesterId() == requester.id()).findFirst().orElseThrow();
        robot.interact(() -> actx.signer().decide(p, true));
        LoggedInScreens.signInDialog(robot);
    }

    private cn.yzt.ops.client.approvals.ApprovalsViewModel openMine(FxRobot robot, ConsoleContext ctx,
            java.util.function.Consumer<cn.yzt.ops.client.approvals.ApprovalsView> setup) {
        java.util.concurrent.atomic.AtomicReference<cn.yzt.ops.client.approvals.ApprovalsViewModel> vm =
                new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> {
            vm.set(new cn.yzt.ops.client.approvals.ApprovalsViewModel(ctx.api(), ctx.signer(), ctx.locale(),
                    ctx.background()));
            cn.yzt.ops.client.approvals.ApprovalsView view = new cn.yzt.ops.client.approvals.ApprovalsView(vm.get());
            setup.accept(view);
            stage.setScene(new Scene(view, 1100, 700));
            robot.lookup("#approvalTabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(1);
            vm.get().refresh();
        });
        return vm.get();
    }

    private static ApprovalsRow awaitResult(FxRobot robot, cn.yzt.ops.client.approvals.ApprovalsViewModel vm,
            String description) throws Exception {
        await(robot, 15, () -> vm.mine().stream().anyMatch(r -> r.resultWaiting()
                && r.item().description().contains(description)));
        var r = vm.mine().stream().filter(x -> x.resultWaiting() && x.item().description().contains(description))
                .findFirst().orElseThrow();
        return new ApprovalsRow(r, r.state());
    }

    @SuppressWarnings("unchecked")
    private static TableView<cn.yzt.ops.client.approvals.ApprovalsViewModel.MyRequest> mineTable(FxRobot robot) {
        return robot.lookup("#mineTable").queryAs(TableView.class);
    }

    /** Reads the one-time password dialog and closes it. */
    private static String takeOneTimePassword(FxRobot robot) throws Exception {
        await(robot, 10, () -> LoggedInScreens.visible(robot, "#oneTimePasswordField"));
        TextField f = robot.lookup("#oneTimePasswordField").queryAs(TextField.class);
        String pw = f.getText();
        assertThat(f.isEditable()).isFalse();
        closeDialogOf(robot, f);
        return pw;
    }

    private static void closeDialogOf(FxRobot robot, javafx.scene.Node n) {
        robot.interact(() -> {
            javafx.scene.control.DialogPane pane = (javafx.scene.control.DialogPane) n.getScene().getRoot();
            ((javafx.scene.control.Button) pane.lookupButton(javafx.scene.control.ButtonType.CLOSE)).fire();
        });
    }

    private static String sm3Hex(byte[] data) {
        org.bouncycastle.crypto.digests.SM3Digest d = new org.bouncycastle.crypto.digests.SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return java.util.HexFormat.of().formatHex(out);
    }
}
