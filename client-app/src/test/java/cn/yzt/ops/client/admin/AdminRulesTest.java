package cn.yzt.ops.client.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.server.ops.OperationCatalog;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.rbac.SeparationOfDuties;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminRulesTest {

    /** The console's copy of the separation-of-duty pairs and role permissions must be the server's. */
    @Test
    void sodRulesAndBuiltInPermissionsMirrorTheServer() {
        Set<Set<String>> server = new HashSet<>();
        for (SeparationOfDuties.Conflict c : SeparationOfDuties.RULES) {
            server.add(Set.of(c.a().name(), c.b().name()));
        }
        Set<Set<String>> console = new HashSet<>();
        SodRules.RULES.forEach(r -> console.add(Set.of(r.a(), r.b())));
        assertThat(console).isEqualTo(server);
        assertThat(SodRules.ROLES).containsExactlyInAnyOrder(
                java.util.Arrays.stream(Role.values()).map(Enum::name).toArray(String[]::new));
        for (Role r : Role.values()) {
            assertThat(RolesViewModel.BUILT_IN.get(r.name())).as(r.name()).containsExactlyInAnyOrderElementsOf(
                    r.builtInPermissions().stream().map(Permission::name).toList());
        }
    }

    @Test
    void conflictsAreFoundAndExplained() {
        Messages m = new Messages(Locale.SIMPLIFIED_CHINESE);
        assertThat(SodRules.conflict(List.of("AUDITOR"), "SECURITY_ADMIN")).isPresent();
        assertThat(SodRules.conflict(List.of("OPERATOR"), "APPROVER")).isEmpty();
        assertThat(SodRules.conflictWithin(List.of("OPERATOR", "APPROVER", "KEY_ADMIN"))).isPresent();
        String why = SodRules.explain(SodRules.conflict(List.of("KEY_ADMIN"), "OPERATOR").orElseThrow(), m);
        assertThat(why).contains("密钥管理员 (KEY_ADMIN)").contains("业务操作员 (OPERATOR)").contains("掌管密钥");
    }

    /** The users screen disables what the server would refuse: its permission per type must be the server's. */
    @Test
    void usersScreenPermissionsMirrorTheServersCatalogAndNameWhatIsMissing() {
        OperationCatalog catalog = new OperationCatalog(new OperationCatalog.Deps(null, null, null, null, null, null, null, null));
        UsersViewModel.REQUIRED.forEach((type, perm) -> assertThat(perm).as(type)
                .isEqualTo(catalog.find(type).orElseThrow().permission().name()));

        UsersViewModel vm = new UsersViewModel(null, null, Locale.SIMPLIFIED_CHINESE, Runnable::run);
        assertThat(vm.missingPermission(OperationTypes.USER_DISABLE)).isEmpty(); // not known yet: nothing disabled
        vm.permissionsProperty().set(UsersViewModel.permissionsOf(List.of("SECURITY_ADMIN")));
        assertThat(vm.missingPermission(OperationTypes.USER_DISABLE)).contains("USER_MANAGE");
        assertThat(vm.missingPermissionText(OperationTypes.USER_DISABLE).orElseThrow()).contains("管理用户 (USER_MANAGE)");
        assertThat(vm.missingPermission(OperationTypes.USER_REVEAL)).isEmpty();
        assertThat(vm.missingPermission(OperationTypes.CERT_BIND)).isEmpty();
        vm.permissionsProperty().set(UsersViewModel.permissionsOf(List.of("SECURITY_ADMIN", "SYSTEM_ADMIN")));
        assertThat(vm.missingPermission(OperationTypes.USER_DISABLE)).isEmpty();
    }

    @Test
    void idCardCheckDigitAndCsvQuoting() {
        assertThat(UsersViewModel.idCardValid("530902199001011235")).isTrue();
        assertThat(UsersViewModel.idCardValid("530902199001011234")).isFalse();
        assertThat(UsersViewModel.idCardValid("11010519491231002X")).isTrue();
        assertThat(AuditViewModel.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditViewModel.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditViewModel.csv("=cmd()")).isEqualTo("'=cmd()"); // no formula injection into spreadsheets
        assertThat(AuditViewModel.csv(null)).isEmpty();
    }

    @Test
    void everyBundleOfTheseScreensIsTranslatedAndParses() {
        for (String bundle : List.of(Messages.BUNDLE, "cn.yzt.ops.client.approvals.messages",
                "cn.yzt.ops.client.records.messages")) {
            ResourceBundle zh = ResourceBundle.getBundle(bundle, Locale.ROOT,
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
            ResourceBundle en = ResourceBundle.getBundle(bundle, Locale.ENGLISH);
            assertThat(en.keySet()).as(bundle).containsExactlyInAnyOrderElementsOf(zh.keySet());
            for (String k : zh.keySet()) {
                new MessageFormat(zh.getString(k));
                new MessageFormat(en.getString(k));
            }
        }
    }
}
