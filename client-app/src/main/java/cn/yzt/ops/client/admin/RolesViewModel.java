package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.Signer;
import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * 角色权限: who holds which role, what each role may do, and granting / revoking a role through
 * the signing dialog. A grant that would break a separation-of-duty rule is stopped here with
 * the rule and its reason, before anything is signed ({@link SodRules}; the server refuses it too).
 */
public final class RolesViewModel {

    /**
     * The built-in permissions of each role, mirroring ops-server rbac.Role (the seed; a
     * role.permission.grant/revoke may have changed them on the server).
     */
    public static final Map<String, List<String>> BUILT_IN = Map.of(
            "SYSTEM_ADMIN", List.of("USER_READ", "USER_MANAGE", "USER_UNLOCK", "USER_CREATE", "SESSION_LIST", "MAP_READ"),
            "SECURITY_ADMIN", List.of("USER_READ", "USER_CREATE", "ROLE_GRANT", "CERT_BIND", "USER_UNLOCK", "SESSION_LIST",
                    "SESSION_REVOKE", "PERSONAL_DATA_REVEAL", "POLICY_MANAGE"),
            "AUDITOR", List.of("AUDIT_READ", "AUDIT_EXPORT", "SESSION_LIST"),
            "KEY_ADMIN", List.of("KEY_MANAGE"),
            "OPERATOR", List.of("OPERATION_EXECUTE", "MAP_READ", "MAP_PUBLISH"),
            "APPROVER", List.of("OPERATION_APPROVE", "MAP_READ"));

    private final OpsApi api;
    private final Messages m;
    private final AdminTasks tasks;
    private final ObservableList<UserDto> users = FXCollections.observableArrayList();
    private final ObjectProperty<UserDto> selectedUser = new SimpleObjectProperty<>(this, "selectedUser");
    private final ObjectProperty<String> selectedRole = new SimpleObjectProperty<>(this, "selectedRole", "OPERATOR");
    private final StringProperty sod = new SimpleStringProperty(this, "sod", "");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    public RolesViewModel(OpsApi api, Signer signer, Locale locale, Executor background) {
        this.api = api;
        this.m = new Messages(locale);
        this.tasks = new AdminTasks(background, signer, m, message, busy);
        selectedUser.addListener(o -> checkSod());
        selectedRole.addListener(o -> checkSod());
    }

    public void refresh() {
        tasks.read(() -> AdminTasks.usersWithRoles(api), list -> {
            Long keep = selectedUser.get() == null ? null : selectedUser.get().id();
            users.setAll(list);
            selectedUser.set(keep == null ? null : list.stream().filter(u -> u.id() == keep).findFirst().orElse(null));
        });
    }

    /** The conflict the current choice would cause, shown at once (empty = none). */
    private Optional<SodRules.Rule> checkSod() {
        UserDto u = selectedUser.get();
        String r = selectedRole.get();
        Optional<SodRules.Rule> c = u == null || r == null || u.roles().contains(r) ? Optional.empty()
                : SodRules.conflict(u.roles(), r);
        sod.set(c.map(rule -> SodRules.explain(rule, m)).orElse(""));
        return c;
    }

    /** role.grant through the signing dialog, unless it breaks a separation-of-duty rule. */
    public void grant() {
        UserDto u = selectedUser.get();
        String r = selectedRole.get();
        if (u == null || r == null) {
            message.set(m.get("select.userAndRole"));
            return;
        }
        if (u.roles().contains(r)) {
            message.set(m.get("roles.alreadyHeld", u.username(), m.role(r)));
            return;
        }
        if (checkSod().isPresent()) {
            message.set(sod.get());
            return;
        }
        tasks.sign(new OperationRequest(OperationTypes.ROLE_GRANT, params(u, r), null), res -> refresh());
    }

    /** role.revoke through the signing dialog. */
    public void revoke() {
        UserDto u = selectedUser.get();
        String r = selectedRole.get();
        if (u == null || r == null) {
            message.set(m.get("select.userAndRole"));
            return;
        }
        if (!u.roles().contains(r)) {
            message.set(m.get("roles.notHeld", u.username(), m.role(r)));
            return;
        }
        tasks.sign(new OperationRequest(OperationTypes.ROLE_REVOKE, params(u, r), null), res -> refresh());
    }

    private static ObjectNode params(UserDto u, String role) {
        ObjectNode p = StrictJson.object();
        p.put("username", u.username());
        p.put("role", role);
        return p;
    }

    /** The role's permissions and the users holding it, for the side panel. */
    public String describeRole(String role) {
        if (role == null) {
            return "";
        }
        List<String> holders = users.stream().filter(u -> u.roles().contains(role)).map(UserDto::username).toList();
        StringBuilder b = new StringBuilder(m.role(role)).append('\n');
        b.append(m.get("roles.permissions", String.join("、", BUILT_IN.getOrDefault(role, List.of())
                .stream().map(p -> m.getOrDefault("perm." + p, p)).toList()))).append('\n');
        b.append(m.get("roles.holders", holders.isEmpty() ? m.get("none") : String.join("、", holders))).append('\n');
        List<String> conflicts = SodRules.RULES.stream().filter(x -> x.a().equals(role) || x.b().equals(role))
                .map(x -> m.role(x.a().equals(role) ? x.b() : x.a())).toList();
        b.append(m.get("roles.conflicts", conflicts.isEmpty() ? m.get("none") : String.join("、", conflicts)));
        return b.toString();
    }

    public ObservableList<UserDto> users() {
        return users;
    }

    public ObjectProperty<UserDto> selectedUserProperty() {
        return selectedUser;
    }

    public ObjectProperty<String> selectedRoleProperty() {
        return selectedRole;
    }

    public StringProperty sodProperty() {
        return sod;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public Messages messages() {
        return m;
    }
}
