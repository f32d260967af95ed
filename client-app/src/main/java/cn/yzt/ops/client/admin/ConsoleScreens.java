package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.approvals.ApprovalsView;
import cn.yzt.ops.client.approvals.ApprovalsViewModel;
import cn.yzt.ops.client.records.EvidenceSource;
import cn.yzt.ops.client.records.ReceiptCheck;
import cn.yzt.ops.client.records.RecordsView;
import cn.yzt.ops.client.records.RecordsViewModel;
import cn.yzt.ops.client.settings.SettingsStore;
import cn.yzt.ops.client.settings.SettingsValidator;
import cn.yzt.ops.client.settings.SettingsView;
import cn.yzt.ops.client.settings.SettingsViewModel;
import cn.yzt.ops.client.shell.ConsoleContext;
import cn.yzt.ops.client.shell.ScreenProvider;
import cn.yzt.ops.client.shell.ScreenRegistry;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Plugs the screens of this helper into the shell (listed in
 * {@code META-INF/services/cn.yzt.ops.client.shell.ScreenProvider}): 待审批, 用户管理 (users and
 * active sessions), 角色权限, 审计日志, 签名记录, 设置. Each factory runs once, on the FX thread,
 * and starts the screen's first load in the background.
 */
public final class ConsoleScreens implements ScreenProvider {

    @Override
    public void register(ScreenRegistry r) {
        r.put(ScreenRegistry.APPROVALS, ConsoleScreens::approvals);
        r.put(ScreenRegistry.USERS, ConsoleScreens::users);
        r.put(ScreenRegistry.ROLES, ConsoleScreens::roles);
        r.put(ScreenRegistry.AUDIT, ConsoleScreens::audit);
        r.put(ScreenRegistry.RECORDS, ConsoleScreens::records);
        r.put(ScreenRegistry.SETTINGS, ConsoleScreens::settings);
    }

    static Node approvals(ConsoleContext ctx) {
        ApprovalsViewModel vm = new ApprovalsViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        ApprovalsView v = new ApprovalsView(vm);
        vm.refresh();
        return v;
    }

    static Node users(ConsoleContext ctx) {
        Messages m = new Messages(ctx.locale());
        UsersViewModel vm = new UsersViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        SessionsView sessions = new SessionsView(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        Tab users = new Tab(m.get("tab.users"), new UsersView(vm));
        users.setClosable(false);
        Tab active = new Tab(m.get("tab.sessions"), sessions);
        active.setClosable(false);
        active.setOnSelectionChanged(e -> {
            if (active.isSelected()) {
                sessions.refresh();
            }
        });
        vm.refresh();
        TabPane tabs = new TabPane(users, active);
        tabs.setId("usersTabs");
        return tabs;
    }

    static Node roles(ConsoleContext ctx) {
        RolesViewModel vm = new RolesViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background());
        RolesView v = new RolesView(vm);
        vm.refresh();
        return v;
    }

    static Node audit(ConsoleContext ctx) {
        return new AuditView(new AuditViewModel(ctx.api(), ctx.signer(), ctx.locale(), ctx.background()));
    }

    static Node records(ConsoleContext ctx) {
        EvidenceSource source = ctx.api()::evidenceBundle;
        RecordsViewModel vm = new RecordsViewModel(ctx.receipts(), new ReceiptCheck(ctx.ledger()), ctx.ledger().ledgerKey(),
                ctx.config().trust(), source, new cn.yzt.ops.client.records.Messages(ctx.locale()), ctx.background());
        RecordsView v = new RecordsView(vm);
        vm.load();
        return v;
    }

    static Node settings(ConsoleContext ctx) {
        SettingsViewModel vm = new SettingsViewModel(SettingsStore.current(), SettingsValidator.standard(),
                new cn.yzt.ops.client.settings.Messages(ctx.locale()));
        SettingsView v = new SettingsView(vm);
        vm.load();
        return v;
    }
}
