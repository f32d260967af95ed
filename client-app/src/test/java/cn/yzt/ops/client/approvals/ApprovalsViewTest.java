package cn.yzt.ops.client.approvals;

import static cn.yzt.ops.client.screens.LoggedInScreens.await;
import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.screens.LoggedInScreens;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.testing.ConsoleTestServer;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * 待审批 against a real ops-server (TLCP, PostgreSQL) with soft UKEYs and the real signing dialog:
 * the requester sees their own request but cannot decide it; a second person's signed approval
 * executes the dual-control request.
 */
@ExtendWith(ApplicationExtension.class)
class ApprovalsViewTest {
    static ConsoleTestServer server;
    static ConsoleTestServer.User alice;
    static ConsoleTestServer.User bob;
    static ConsoleTestServer.User carol;

    private Stage stage;

    @BeforeAll
    static void start() {
        server = LoggedInScreens.sharedServer();
        alice = server.user("alice", "SECURITY_ADMIN", "APPROVER"); // may request role grants and approve others'
        bob = server.user("bob", "APPROVER");
        carol = server.user("carol", "OPERATOR");
    }

    @Start
    void start(Stage s) {
        stage = s;
        s.setScene(new Scene(new Label("…"), 1000, 700));
        s.show();
    }

    private ApprovalsViewModel open(FxRobot robot, ConsoleContext ctx) {
        AtomicReference<ApprovalsViewModel> vm = new AtomicReference<>();
        robot.interact(() -> {
            vm.set(new ApprovalsViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background()));
            stage.setScene(new Scene(new ApprovalsView(vm.get()), 1000, 700));
            vm.get().refresh();
        });
        return vm.get();
    }

    @Test
    void requesterCannotApproveOwnRequestAndASecondPersonsApprovalExecutesIt(FxRobot robot) throws Exception {
        LoggedIn aliceLogin = server.login(alice);
        ConsoleContext aliceCtx = LoggedInScreens.context(server, aliceLogin, () -> stage);
        // alice requests AUDITOR for carol: dual control by the default policy
        ObjectNode params = StrictJson.object();
        params.put("username", "carol");
        params.put("role", "AUDITOR");
        AtomicReference<CompletableFuture<SignedResult>> requested = new AtomicReference<>();
        robot.interact(() -> requested.set(aliceCtx.signer().sign(new OperationRequest(OperationTypes.ROLE_GRANT, params,
                null))));
        String dialog = LoggedInScreens.signInDialog(robot);
        assertThat(dialog).contains("carol").contains("AUDITOR");
        requested.get().get(10, TimeUnit.SECONDS);
        assertThat(aliceLogin.api().user(carol.id()).roles()).doesNotContain("AUDITOR"); // not yet executed

        // alice's inbox lists it as her own: no approve/reject
        ApprovalsViewModel aliceVm = open(robot, aliceCtx);
        @SuppressWarnings("unchecked")
        TableView<RequestItem> table = robot.lookup("#inboxTable").queryAs(TableView.class);
        await(robot, 15, () -> find(table) != null);
        RequestItem own = find(table);
        assertThat(own.own()).isTrue();
        assertThat(own.requester()).isEqualTo("alice");
        assertThat(own.description()).contains("carol").contains("AUDITOR");
        robot.interact(() -> table.getSelectionModel().select(own));
        assertThat(robot.lookup("#ownNote").queryLabeled().isVisible()).isTrue();
        assertThat(robot.lookup("#ownNote").queryLabeled().getText()).isEqualTo("不能审批自己的申请");
        assertThat(robot.lookup("#approveButton").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#rejectButton").query().isDisabled()).isTrue();
        robot.interact(() -> aliceVm.decide(true)); // even if called: refused locally, nothing signed
        assertThat(aliceVm.messageProperty().get()).isEqualTo("不能审批自己的申请");
        // 我的申请 shows it as pending
        await(robot, 5, () -> aliceVm.mine().stream().anyMatch(r -> r.item().description().contains("carol")));
        assertThat(aliceVm.mine().stream().filter(r -> r.item().description().contains("carol")).findFirst()
                .orElseThrow().state()).isEqualTo("待审批");

        // bob approves through the signing dialog: the grant is executed
        LoggedIn bobLogin = server.login(bob);
        ConsoleContext bobCtx = LoggedInScreens.context(server, bobLogin, () -> stage);
        ApprovalsViewModel bobVm = open(robot, bobCtx);
        @SuppressWarnings("unchecked")
        TableView<RequestItem> bobTable = robot.lookup("#inboxTable").queryAs(TableView.class);
        await(robot, 15, () -> find(bobTable) != null);
        RequestItem forBob = find(bobTable);
        assertThat(forBob.own()).isFalse();
        robot.interact(() -> bobTable.getSelectionModel().select(forBob));
        robot.clickOn("#documentToggle");
        assertThat(robot.lookup("#requestDocument").queryTextInputControl().getText()).contains("\"role\":\"AUDITOR\"")
                .contains("\"operator\":\"alice\"");
        robot.clickOn("#approveButton");
        String signed = LoggedInScreens.signInDialog(robot);
        try {
            await(robot, 15, () -> bobVm.messageProperty().get().startsWith("已同意"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("dialog: " + signed + " / screen: " + bobVm.messageProperty().get(), e);
        }
        assertThat(aliceLogin.api().user(carol.id()).roles()).contains("AUDITOR");
        await(robot, 10, () -> find(bobTable) == null);
    }

    @Test
    void personalDataInARequestIsShownOnlyWhenItsOpeningVerifiesAgainstTheSignedCommitment(FxRobot robot) throws Exception {
        LoggedIn aliceLogin = server.login(alice);
        ConsoleContext aliceCtx = LoggedInScreens.context(server, aliceLogin, () -> stage);
        // enrolling someone with APPROVER is dual control (role.grant:APPROVER)
        ObjectNode params = StrictJson.object().put("username", "henry").put("displayName", "韩梅梅").put("phone", "13712345678");
        params.putArray("roles").add("APPROVER");
        AtomicReference<CompletableFuture<SignedResult>> requested = new AtomicReference<>();
        robot.interact(() -> requested.set(aliceCtx.signer().sign(new OperationRequest(OperationTypes.USER_CREATE, params,
                null))));
        assertThat(LoggedInScreens.signInDialog(robot)).contains("韩梅梅");
        long idx = requested.get().get(10, TimeUnit.SECONDS).ledgerIndex();

        // the server hands out a phone number other than the committed one (re-sealed with the data keys)
        var t = server.server.t;
        String original = hex(t, "SELECT encode(opening_enc, 'hex') FROM personal_openings WHERE ledger_idx = " + idx
                + " AND field = 'phone'");
        byte[] salt = new byte[16];
        String forged = java.util.HexFormat.of().formatHex(new cn.yzt.ops.server.crypto.FieldProtector(t.vault).seal(
                "personal_openings", idx, "phone", new cn.yzt.ops.protocol.operation.PersonalData.Opening(salt, "13700000000")
                        .toJson().toString()));
        t.sql("UPDATE personal_openings SET opening_enc = decode('" + forged + "', 'hex') WHERE ledger_idx = " + idx
                + " AND field = 'phone'");
        LoggedIn bobLogin = server.login(bob);
        ConsoleContext bobCtx = LoggedInScreens.context(server, bobLogin, () -> stage);
        ApprovalsViewModel bobVm = open(robot, bobCtx);
        @SuppressWarnings("unchecked")
        TableView<RequestItem> table = robot.lookup("#inboxTable").queryAs(TableView.class);
        await(robot, 15, () -> henry(table) != null);
        RequestItem bad = henry(table);
        assertThat(bad.personalProblem()).contains("phone").contains("不符");
        assertThat(bad.description()).contains("（已加密承诺）").doesNotContain("韩梅梅").doesNotContain("13700000000");
        robot.interact(() -> table.getSelectionModel().select(bad));
        assertThat(robot.lookup("#approveButton").query().isDisabled()).isTrue();
        assertThat(robot.lookup("#rejectButton").query().isDisabled()).isFalse();

        // with the true opening back the values show and the approval executes with them
        t.sql("UPDATE personal_openings SET opening_enc = decode('" + original + "', 'hex') WHERE ledger_idx = " + idx
                + " AND field = 'phone'");
        robot.interact(bobVm::refresh);
        await(robot, 15, () -> henry(table) != null && henry(table).personalProblem() == null);
        RequestItem good = henry(table);
        assertThat(good.description()).contains("韩梅梅");
        robot.interact(() -> table.getSelectionModel().select(good));
        robot.clickOn("#approveButton");
        assertThat(LoggedInScreens.signInDialog(robot)).contains("韩梅梅");
        long henry = t.services.users().idOf("henry").orElseThrow();
        assertThat(t.services.users().reveal(alice.id(), henry).phone()).isEqualTo("13712345678");
    }

    private static String hex(cn.yzt.ops.server.testing.TestServices t, String sql) throws Exception {
        try (var c = t.db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static RequestItem henry(TableView<RequestItem> table) {
        return table.getItems().stream().filter(i -> i.document().contains("\"username\":\"henry\"")).findFirst().orElse(null);
    }

    /** The request about carol (other test classes may leave requests of their own). */
    private static RequestItem find(TableView<RequestItem> table) {
        return table.getItems().stream().filter(i -> i.description().contains("carol")).findFirst().orElse(null);
    }
}
