package cn.yzt.ops.server.ops;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.UserService;

/**
 * The privileged operation types the server executes through the signed path: for each, the
 * permission it needs and what it does. Kept apart from {@link OperationService} (which checks
 * and commits) so adding a type never touches the verification or commit code.
 */
public final class OperationCatalog {

    /** Runs an operation inside the caller's transaction; the result (may be null) goes back to the signer. */
    @FunctionalInterface
    public interface Executor {
        JsonNode run(long actorId, ObjectNode parameters);
    }

    /** One operation type. */
    public record OpType(Permission permission, Executor executor) {
    }

    private final Map<String, OpType> types;

    public OperationCatalog(UserService users, Rbac rbac) {
        this.types = Map.of(
                "user.unlock", new OpType(Permission.USER_UNLOCK, (actor, p) -> {
                    users.unlock(actor, user(users, p));
                    return null;
                }),
                "user.disable", new OpType(Permission.USER_MANAGE, (actor, p) -> {
                    users.setActive(actor, user(users, p), false);
                    return null;
                }),
                "user.enable", new OpType(Permission.USER_MANAGE, (actor, p) -> {
                    users.setActive(actor, user(users, p), true);
                    return null;
                }),
                "role.grant", new OpType(Permission.ROLE_GRANT, (actor, p) -> {
                    rbac.grant(actor, user(users, p), role(p));
                    return null;
                }),
                "role.revoke", new OpType(Permission.ROLE_GRANT, (actor, p) -> {
                    rbac.revoke(actor, user(users, p), role(p));
                    return null;
                }));
    }

    public Optional<OpType> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    /** The operation types this server executes. */
    public Set<String> types() {
        return types.keySet();
    }

    static long user(UserService users, ObjectNode p) {
        String name = text(p, "username");
        return users.idOf(name).orElseThrow(() -> new NoSuchElementException("no such user"));
    }

    static Role role(ObjectNode p) {
        return Role.parse(text(p, "role"));
    }

    static String text(ObjectNode p, String field) {
        JsonNode n = p.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("parameter " + field + " missing");
        }
        return n.textValue();
    }
}
