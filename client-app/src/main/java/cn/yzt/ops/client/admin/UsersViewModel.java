package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.Signer;
import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.protocol.evidence.Certificates;
import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * 用户管理: the users as the server lists them (personal data masked), and every change (create,
 * disable/enable, unlock, password reset, reveal, certificate binding) as a signed operation
 * through the signing dialog. Input is checked here first with the same rules the server applies
 * (ops-protocol OperationTypes), so a typo gets a clear message before anything is signed.
 */
public final class UsersViewModel {

    /** What the create dialog collects. */
    public record NewUser(String username, String displayName, String idCard, String phone, String email,
            List<String> roles, Path certificatePem) {
    }

    private final OpsApi api;
    private final Locale locale;
    private final Messages m;
    private final ObservableList<UserDto> users = FXCollections.observableArrayList();
    private final ObjectProperty<UserDto> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final AdminTasks tasks;
    /** The signed-in user's permissions from their roles; null until known (then nothing is disabled for it). */
    private final ObjectProperty<Set<String>> permissions = new SimpleObjectProperty<>(this, "permissions");

    /**
     * The permission the server checks for each operation of this screen (ops-server OperationCatalog;
     * AdminRulesTest keeps the two in step). The console only uses it to disable what would be refused.
     */
    static final Map<String, String> REQUIRED = Map.of(
            OperationTypes.USER_CREATE, "USER_CREATE",
            OperationTypes.USER_REVEAL, "PERSONAL_DATA_REVEAL",
            OperationTypes.USER_DISABLE, "USER_MANAGE",
            OperationTypes.USER_ENABLE, "USER_MANAGE",
            OperationTypes.USER_PASSWORD_RESET, "USER_MANAGE",
            OperationTypes.USER_UNLOCK, "USER_UNLOCK",
            OperationTypes.CERT_BIND, "CERT_BIND",
            OperationTypes.CERT_UNBIND, "CERT_BIND");

    public UsersViewModel(OpsApi api, Signer signer, Locale locale, Executor background) {
        this.api = api;
        this.locale = locale;
        this.m = new Messages(locale);
        this.tasks = new AdminTasks(background, signer, m, message, busy);
    }

    public void refresh() {
        tasks.read(() -> new Loaded(AdminTasks.usersWithRoles(api), api.me().roles()), loaded -> {
            permissions.set(permissionsOf(loaded.myRoles()));
            List<UserDto> list = loaded.users();
            Long keep = selected.get() == null ? null : selected.get().id();
            users.setAll(list);
            selected.set(keep == null ? null : list.stream().filter(u -> u.id() == keep).findFirst().orElse(null));
        });
    }

    private record Loaded(List<UserDto> users, List<String> myRoles) {
    }

    /** The built-in permissions of {@code roles} (RolesViewModel.BUILT_IN, which mirrors the server). */
    static Set<String> permissionsOf(List<String> roles) {
        Set<String> out = new HashSet<>();
        roles.forEach(r -> out.addAll(RolesViewModel.BUILT_IN.getOrDefault(r, List.of())));
        return Set.copyOf(out);
    }

    public ObjectProperty<Set<String>> permissionsProperty() {
        return permissions;
    }

    /** The permission the signed-in user lacks for {@code type}, if their permissions are known and it is missing. */
    public Optional<String> missingPermission(String type) {
        Set<String> held = permissions.get();
        String needed = REQUIRED.get(type);
        return held == null || needed == null || held.contains(needed) ? Optional.empty() : Optional.of(needed);
    }

    /** Tooltip for an action the user may not do: "需要权限：管理用户 (USER_MANAGE)"; empty when allowed. */
    public Optional<String> missingPermissionText(String type) {
        return missingPermission(type).map(p -> m.get("users.missingPermission", m.getOrDefault("perm." + p, p), p));
    }

    /**
     * Checks {@code u} and opens the signing dialog for user.create. Returns the problem (shown in
     * the create dialog) or empty when the dialog was opened.
     */
    public Optional<String> create(NewUser u) {
        Optional<SodRules.Rule> sod = SodRules.conflictWithin(u.roles());
        if (sod.isPresent()) {
            return Optional.of(SodRules.explain(sod.get(), m));
        }
        if (u.idCard() != null && !u.idCard().isBlank() && !idCardValid(u.idCard().trim())) {
            return Optional.of(m.get("create.badIdCard"));
        }
        ObjectNode p = StrictJson.object();
        p.put("username", u.username().trim());
        p.put("displayName", u.displayName().trim());
        putIfSet(p, "idCard", u.idCard());
        putIfSet(p, "phone", u.phone());
        putIfSet(p, "email", u.email());
        if (!u.roles().isEmpty()) {
            ArrayNode roles = p.putArray("roles");
            u.roles().forEach(roles::add);
        }
        if (u.certificatePem() != null) {
            try {
                p.put("certificate", certificateBase64(u.certificatePem()));
            } catch (Exception ex) {
                return Optional.of(m.get("create.badCertificate", u.certificatePem()));
            }
        }
        try {
            OperationTypes.validatePlain(OperationTypes.USER_CREATE, p);
        } catch (JsonFormatException ex) {
            return Optional.of(m.get("create.invalid", m.getOrDefault("field." + ex.member(), ex.member())));
        }
        tasks.sign(new OperationRequest(OperationTypes.USER_CREATE, p, null), r -> {
            showResult(u.username().trim(), r);
            refresh();
        });
        return Optional.empty();
    }

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";

    /** GB 11643 resident ID: 17 digits and the ISO 7064 MOD 11-2 check character (the server's rule too). */
    static boolean idCardValid(String s) {
        String t = s.toUpperCase(Locale.ROOT);
        if (!t.matches("\\d{17}[0-9X]")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (t.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(sum % 11) == t.charAt(17);
    }

    private static void putIfSet(ObjectNode p, String name, String v) {
        if (v != null && !v.isBlank()) {
            p.put(name, v.trim());
        }
    }

    /** Standard base64 of the DER of the first certificate in a PEM/DER file. */
    static String certificateBase64(Path pem) throws Exception {
        List<X509Certificate> certs = Certificates.parse(Files.readAllBytes(pem));
        return Base64.getEncoder().encodeToString(certs.get(0).getEncoded());
    }

    /** user.disable / user.enable / user.unlock / user.password.reset / user.reveal for the selected user. */
    public void simple(String type) {
        UserDto u = selected.get();
        if (u == null) {
            message.set(m.get("select.user"));
            return;
        }
        ObjectNode p = StrictJson.object();
        p.put("username", u.username());
        tasks.sign(new OperationRequest(type, p, null), r -> {
            message.set(m.get(OperationTypes.USER_REVEAL.equals(type) && r.pending() ? "reveal.requested" : "signed",
                    r.ledgerIndex()));
            showResult(u.username(), r);
            refresh();
        });
    }

    /**
     * A one-time password the server made (user.create, user.password.reset) or the data of a
     * user.reveal executed at once: shown once by the view, never logged nor stored.
     */
    public record OneTimeResult(String username, String password, String revealed) {
    }

    private final ObjectProperty<OneTimeResult> oneTime = new SimpleObjectProperty<>(this, "oneTime");

    /** Set when a signed operation returned a secret to show once; the view shows it, then clears it. */
    public ObjectProperty<OneTimeResult> oneTimeProperty() {
        return oneTime;
    }

    private void showResult(String username, cn.yzt.ops.client.signing.SignedResult r) {
        com.fasterxml.jackson.databind.JsonNode v = r.result();
        if (v == null || r.pending()) {
            return;
        }
        String pw = v.hasNonNull("oneTimePassword") ? v.get("oneTimePassword").asText()
                : v.hasNonNull("initialPassword") ? v.get("initialPassword").asText() : null;
        if (pw != null) {
            oneTime.set(new OneTimeResult(username, pw, null));
        } else if (OperationTypes.USER_REVEAL.equals(r.type())) {
            StringBuilder b = new StringBuilder();
            for (String f : List.of("displayName", "idCard", "phone", "email")) {
                b.append(m.get("reveal.field." + f)).append(": ").append(v.path(f).asText("")).append('\n');
            }
            oneTime.set(new OneTimeResult(username, null, b.toString()));
        }
    }

    /** cert.bind of a PEM/DER certificate file to the selected user. */
    public void bindCertificate(Path pem) {
        UserDto u = selected.get();
        if (u == null) {
            message.set(m.get("select.user"));
            return;
        }
        ObjectNode p = StrictJson.object();
        p.put("username", u.username());
        try {
            p.put("certificate", certificateBase64(pem));
            OperationTypes.validate(OperationTypes.CERT_BIND, p);
        } catch (Exception ex) {
            message.set(m.get("create.badCertificate", pem));
            return;
        }
        tasks.sign(new OperationRequest(OperationTypes.CERT_BIND, p, null), r -> refresh());
    }

    /** cert.unbind of the selected user's binding number {@code bindingId}. */
    public void unbindCertificate(long bindingId) {
        UserDto u = selected.get();
        if (u == null) {
            message.set(m.get("select.user"));
            return;
        }
        ObjectNode p = StrictJson.object();
        p.put("username", u.username());
        p.put("bindingId", bindingId);
        tasks.sign(new OperationRequest(OperationTypes.CERT_UNBIND, p, null), r -> refresh());
    }

    public String status(UserDto u) {
        String s = m.getOrDefault("status." + u.status(), u.status());
        return u.locked() ? s + m.get("status.lockedSuffix") : s;
    }

    public String roles(UserDto u) {
        return String.join("、", u.roles().stream().map(r -> m.getOrDefault("role." + r, r)).toList());
    }

    public ObservableList<UserDto> users() {
        return users;
    }

    public ObjectProperty<UserDto> selectedProperty() {
        return selected;
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

    public Locale locale() {
        return locale;
    }
}
