package cn.yzt.ops.server.ops;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.map.PlanningStatus;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.server.audit.AuditQuery;
import cn.yzt.ops.server.auth.SessionService;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.map.MapService;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.rbac.SeparationOfDuties;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.user.CertificateBindings;
import cn.yzt.ops.server.user.NewUser;
import cn.yzt.ops.server.user.OneTimePassword;
import cn.yzt.ops.server.user.UserService;
import cn.yzt.ops.server.user.UserView;

/**
 * The privileged operation types the server executes through the signed path: for each, the
 * permission it needs and what it does (names and parameter rules: ops-protocol
 * {@link OperationTypes}). Kept apart from {@link OperationService} (which checks and commits) so
 * adding a type never touches the verification or commit code. Executors run inside the ledger
 * commit's transaction and return the result for the signer (never ledgered), or null.
 */
public final class OperationCatalog {

    /** Runs an operation inside the caller's transaction; the result (may be null) goes back to the signer. */
    @FunctionalInterface
    public interface Executor {
        JsonNode run(long actorId, ObjectNode parameters);
    }

    /** What the executors work on; a null service makes the types that need it unavailable. */
    public record Deps(DataSource ds, UserService users, Rbac rbac, CertificateBindings certificates,
            SessionService sessions, AuditQuery auditQuery, MapService maps, KeyRotator keys) {
    }

    /**
     * One operation type. {@code extraPermissions}: what particular parameters need on top (a
     * user.create that binds a certificate also needs CERT_BIND). {@code alwaysDual}: dual control
     * whatever op_policy says. {@code digestResult}: a read whose result's SM3 the ledger keeps —
     * it runs before the ledger append and must not change state. {@code afterCommit}: runs once the
     * operation is durable (e.g. reload the served map). {@code precheck}: parameter meaning checked at
     * submission (roles exist, no SoD conflict, …), so a dual-control request that could never
     * execute is refused at once instead of waiting for an approver; null = none.
     */
    public record OpType(Permission permission, Executor executor, Function<ObjectNode, Set<Permission>> extraPermissions,
            boolean alwaysDual, boolean digestResult, Runnable afterCommit, java.util.function.Consumer<ObjectNode> precheck) {

        static OpType of(Permission p, Executor e) {
            return new OpType(p, e, x -> Set.of(), false, false, null, null);
        }

        OpType checked(java.util.function.Consumer<ObjectNode> check) {
            return new OpType(permission, executor, extraPermissions, alwaysDual, digestResult, afterCommit, check);
        }

        /** Every permission these parameters need. */
        public Set<Permission> permissions(ObjectNode parameters) {
            Set<Permission> all = EnumSet.of(permission);
            all.addAll(extraPermissions.apply(parameters));
            return all;
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, OpType> types = new HashMap<>();
    private final Deps d;

    public OperationCatalog(Deps deps) {
        this.d = deps;
        UserService users = deps.users();
        Rbac rbac = deps.rbac();
        types.put(OperationTypes.USER_CREATE, new OpType(Permission.USER_CREATE, this::createUser, p -> {
            Set<Permission> extra = EnumSet.noneOf(Permission.class);
            if (p.has("certificate")) {
                extra.add(Permission.CERT_BIND);
            }
            if (p.has("roles") && !p.get("roles").isEmpty()) {
                extra.add(Permission.ROLE_GRANT);
            }
            return extra;
        }, false, false, null, null).checked(OperationCatalog::enrolment));
        types.put(OperationTypes.USER_UNLOCK, OpType.of(Permission.USER_UNLOCK, (actor, p) -> {
            long id = user(p);
            if (id == actor) {
                throw new AccessDeniedException(Permission.USER_UNLOCK);
            }
            users.unlock(actor, id);
            return null;
        }));
        types.put(OperationTypes.USER_DISABLE, OpType.of(Permission.USER_MANAGE, (actor, p) -> {
            users.setActive(actor, user(p), false);
            return null;
        }));
        types.put(OperationTypes.USER_ENABLE, OpType.of(Permission.USER_MANAGE, (actor, p) -> {
            users.setActive(actor, user(p), true);
            return null;
        }));
        types.put(OperationTypes.USER_PASSWORD_RESET, OpType.of(Permission.USER_MANAGE, (actor, p) -> {
            char[] pw = OneTimePassword.generate();
            String once = new String(pw);
            users.resetPassword(actor, user(p), pw);
            return JSON.objectNode().put("username", text(p, "username")).put("oneTimePassword", once);
        }));
        types.put(OperationTypes.USER_REVEAL, OpType.of(Permission.PERSONAL_DATA_REVEAL, (actor, p) -> {
            UserView v = users.reveal(actor, user(p));
            ObjectNode o = JSON.objectNode().put("username", v.username()).put("displayName", v.displayName());
            o.put("idCard", v.idCard());
            o.put("phone", v.phone());
            o.put("email", v.email());
            return o;
        }));
        types.put(OperationTypes.CERT_BIND, OpType.of(Permission.CERT_BIND, (actor, p) -> {
            long binding = deps.certificates().bind(actor, user(p),
                    OperationTypes.certificate("certificate", text(p, "certificate")));
            return JSON.objectNode().put("bindingId", binding);
        }));
        types.put(OperationTypes.CERT_UNBIND, OpType.of(Permission.CERT_BIND, (actor, p) -> {
            long id = user(p);
            long binding = p.get("bindingId").longValue();
            if (deps.certificates().forUser(id).stream().noneMatch(b -> b.id() == binding && b.unboundAt() == null)) {
                throw new NoSuchElementException("no such active binding of the user");
            }
            deps.certificates().unbind(actor, binding);
            return null;
        }));
        types.put(OperationTypes.ROLE_GRANT, OpType.of(Permission.ROLE_GRANT, (actor, p) -> {
            rbac.grant(actor, user(p), Role.parse(text(p, "role")));
            return null;
        }).checked(p -> Role.parse(text(p, "role"))));
        types.put(OperationTypes.ROLE_REVOKE, OpType.of(Permission.ROLE_GRANT, (actor, p) -> {
            rbac.revoke(actor, user(p), Role.parse(text(p, "role")));
            return null;
        }).checked(p -> Role.parse(text(p, "role"))));
        types.put(OperationTypes.ROLE_PERMISSION_GRANT, OpType.of(Permission.ROLE_GRANT, (actor, p) -> {
            rbac.grantPermission(actor, Role.parse(text(p, "role")), permission(p));
            return null;
        }).checked(p -> {
            Role.parse(text(p, "role"));
            permission(p);
        }));
        types.put(OperationTypes.ROLE_PERMISSION_REVOKE, OpType.of(Permission.ROLE_GRANT, (actor, p) -> {
            rbac.revokePermission(actor, Role.parse(text(p, "role")), permission(p));
            return null;
        }).checked(p -> {
            Role.parse(text(p, "role"));
            permission(p);
        }));
        types.put(OperationTypes.KEY_ROTATE, OpType.of(Permission.KEY_MANAGE, this::rotateKey)
                .checked(OperationCatalog::purpose));
        types.put(OperationTypes.AUDIT_EXPORT, new OpType(Permission.AUDIT_EXPORT, this::exportAudit, p -> Set.of(),
                false, true, null, OperationCatalog::auditFilter));
        types.put(OperationTypes.SESSION_REVOKE, OpType.of(Permission.SESSION_REVOKE, (actor, p) -> {
            if (!need(deps.sessions()).revoke(actor, text(p, "sessionId"))) {
                throw new NoSuchElementException("no such active session");
            }
            return null;
        }));
        types.put(OperationTypes.POLICY_SET, new OpType(Permission.POLICY_MANAGE, this::setPolicy, p -> Set.of(),
                true, false, null, OperationCatalog::policyKey));
        types.put(OperationTypes.MAP_LAYER_PUBLISH, OpType.of(Permission.MAP_PUBLISH, (actor, p) -> {
            OffsetDateTime at = need(deps.maps()).publish(actor, text(p, "layerId"));
            return JSON.objectNode().put("layerId", text(p, "layerId")).put("publishedAt", at.toInstant().toString());
        }));
        types.put(OperationTypes.MAP_PARCEL_STATUS, new OpType(Permission.MAP_PUBLISH, (actor, p) -> {
            String layer = need(deps.maps()).changeParcelStatus(text(p, "code"), status(p, "from"), status(p, "to"));
            return JSON.objectNode().put("code", text(p, "code")).put("layerId", layer);
        }, p -> Set.of(), false, false, deps.maps() == null ? null : deps.maps()::reloadInBackground, p -> {
            if (status(p, "from") == status(p, "to")) {
                throw new IllegalArgumentException("from and to are the same status");
            }
        }));
        for (OperationTypes.Type t : OperationTypes.all()) {
            if (!types.containsKey(t.name())) {
                throw new IllegalStateException("operation type without executor: " + t.name());
            }
        }
    }

    public Optional<OpType> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    /** The operation types this server executes. */
    public Set<String> types() {
        return Set.copyOf(types.keySet());
    }

    /** The roles of a user.create: known, each once, no two in conflict (checked before any row is written). */
    private static List<Role> enrolment(ObjectNode p) {
        List<Role> roles = new java.util.ArrayList<>();
        if (p.has("roles")) {
            p.get("roles").forEach(r -> roles.add(Role.parse(r.textValue())));
        }
        if (roles.stream().distinct().count() != roles.size()) {
            throw new IllegalArgumentException("a role is listed twice");
        }
        for (int i = 0; i < roles.size(); i++) {
            Optional<SeparationOfDuties.Conflict> c = SeparationOfDuties.conflict(roles.subList(0, i), roles.get(i));
            if (c.isPresent()) {
                throw new SodViolationException(c.get());
            }
        }
        return roles;
    }

    private JsonNode createUser(long actor, ObjectNode p) {
        // SoD first: a refusal after the account row exists would be audited from inside this transaction
        List<Role> roles = enrolment(p);
        java.security.cert.X509Certificate cert = p.has("certificate")
                ? OperationTypes.certificate("certificate", text(p, "certificate")) : null;
        char[] pw = OneTimePassword.generate();
        String once = new String(pw);
        long id = d.users().create(actor, new NewUser(text(p, "username"), text(p, "displayName"), opt(p, "idCard"),
                opt(p, "phone"), opt(p, "email")), pw);
        ObjectNode out = JSON.objectNode().put("id", id).put("username", text(p, "username")).put("initialPassword", once);
        if (cert != null) {
            out.put("bindingId", d.certificates().bind(actor, id, cert));
        }
        for (Role r : roles) {
            d.rbac().grant(actor, id, r);
        }
        return out;
    }

    /** A purpose key.rotate may rotate: generated by the server, not the ledger key. */
    private static KeyPurpose purpose(ObjectNode p) {
        KeyPurpose purpose;
        try {
            purpose = KeyPurpose.valueOf(text(p, "purpose"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown key purpose");
        }
        // imported keys come with their certificates; the ledger key is what clients trust, changed by procedure
        if (!purpose.generated() || purpose == KeyPurpose.LEDGER_SM2) {
            throw new IllegalArgumentException(purpose + " is not rotated by key.rotate");
        }
        return purpose;
    }

    private JsonNode rotateKey(long actor, ObjectNode p) {
        KeyPurpose purpose = purpose(p);
        if (d.keys() == null) {
            throw new OperationRefusedException("KEY_ROTATION_UNAVAILABLE", purpose.name());
        }
        d.rbac().require(actor, Permission.KEY_MANAGE);
        int id = d.keys().rotate(purpose);
        Tx.run(d.ds(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO key_versions (purpose, key_id) VALUES (?,?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, purpose.name());
                ps.setInt(2, id);
                ps.executeUpdate();
            }
            return null;
        });
        return JSON.objectNode().put("purpose", purpose.name()).put("keyId", id);
    }

    /** The CSV is the result; the ledger keeps the signed filter and the CSV's SM3 (see OperationService). */
    /** The audit.export filter: the same rules as the audit search. */
    private static AuditQuery.Filter auditFilter(ObjectNode p) {
        long limit = p.get("limit").longValue();
        if (limit < 1 || limit > 5000) {
            throw new IllegalArgumentException("limit must be 1..5000");
        }
        String user = opt(p, "username");
        String type = opt(p, "eventType");
        if (user != null && !user.matches("^[a-z][a-z0-9_.-]{2,31}$") || type != null && !type.matches("^[A-Z_]{1,40}$")) {
            throw new IllegalArgumentException("bad filter");
        }
        return new AuditQuery.Filter(user, type, instant(opt(p, "from")), instant(opt(p, "to")), (int) limit);
    }

    private JsonNode exportAudit(long actor, ObjectNode p) {
        AuditQuery.Filter f = auditFilter(p);
        StringWriter w = new StringWriter();
        try {
            need(d.auditQuery()).exportCsv(actor, f, w);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        String csv = w.toString();
        byte[] sm3 = Sm2.sm3(csv.getBytes(StandardCharsets.UTF_8));
        return JSON.objectNode().put("csv", csv).put("sm3", HexFormat.of().formatHex(sm3));
    }

    /** A policy key (type or type:ROLE for role.grant); policy.set itself may not be made single-person. */
    private static String policyKey(ObjectNode p) {
        String key = text(p, "type");
        boolean dual = p.get("dualControl").booleanValue();
        int colon = key.indexOf(':');
        String type = colon < 0 ? key : key.substring(0, colon);
        OperationTypes.Type t = OperationTypes.find(type).orElseThrow(() -> new IllegalArgumentException("unknown type"));
        if (colon >= 0) {
            if (!"role".equals(t.policyQualifier())) {
                throw new IllegalArgumentException("type has no policy qualifier");
            }
            Role.parse(key.substring(colon + 1));
        }
        if (OperationTypes.POLICY_SET.equals(type) && !dual) {
            throw new IllegalArgumentException("policy.set is always dual-control");
        }
        return key;
    }

    private JsonNode setPolicy(long actor, ObjectNode p) {
        String key = policyKey(p);
        boolean dual = p.get("dualControl").booleanValue();
        d.rbac().require(actor, Permission.POLICY_MANAGE);
        Tx.run(d.ds(), c -> {
            d.rbac().acl().allChanged();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO op_policy (type, dual_control) VALUES (?,?)"
                    + " ON CONFLICT (type) DO UPDATE SET dual_control = EXCLUDED.dual_control")) {
                ps.setString(1, key);
                ps.setBoolean(2, dual);
                ps.executeUpdate();
            }
            return null;
        });
        return null;
    }

    /**
     * Parameter under which {@link OperationService} hands an executor the id of the "username" it
     * already resolved in its pre-checks (one round trip fewer on the serial ledger writer). The name
     * cannot come from a signed document: parameters are validated against the type's names before.
     */
    static final String RESOLVED_USER_ID = "\u0000resolvedUserId";

    /** Types whose "username" names an existing account the executor acts on (resolved up front). */
    static boolean actsOnExistingUser(String type) {
        return !OperationTypes.USER_CREATE.equals(type) && !OperationTypes.AUDIT_EXPORT.equals(type);
    }

    private long user(ObjectNode p) {
        if (p.path(RESOLVED_USER_ID).isIntegralNumber()) {
            return p.get(RESOLVED_USER_ID).longValue();
        }
        String name = text(p, "username");
        return d.users().idOf(name).orElseThrow(() -> new NoSuchElementException("no such user"));
    }

    private static <T> T need(T service) {
        if (service == null) {
            throw new OperationRefusedException("OPERATION_UNAVAILABLE", "service not configured");
        }
        return service;
    }

    private static Permission permission(ObjectNode p) {
        try {
            return Permission.valueOf(text(p, "permission"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown permission");
        }
    }

    private static PlanningStatus status(ObjectNode p, String field) {
        try {
            return PlanningStatus.valueOf(text(p, field));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown planning status in " + field);
        }
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("not an ISO-8601 time with offset");
        }
    }

    static String text(ObjectNode p, String field) {
        JsonNode n = p.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("parameter " + field + " missing");
        }
        return n.textValue();
    }

    private static String opt(ObjectNode p, String field) {
        JsonNode n = p.get(field);
        return n == null ? null : n.textValue();
    }
}
