package cn.yzt.ops.server.rbac;

import java.util.EnumSet;
import java.util.Set;

/** Built-in roles (separation of duties, GB/T 39786 level 3 "三员分立" and beyond). */
public enum Role {
    SYSTEM_ADMIN(EnumSet.of(Permission.USER_READ, Permission.USER_MANAGE, Permission.USER_UNLOCK,
            Permission.USER_CREATE, Permission.SESSION_LIST, Permission.MAP_READ)),
    // Enrols people (account + UKEY certificate + roles): the one role a fresh install starts with.
    SECURITY_ADMIN(EnumSet.of(Permission.USER_READ, Permission.USER_CREATE, Permission.ROLE_GRANT, Permission.CERT_BIND,
            Permission.USER_UNLOCK, Permission.SESSION_LIST, Permission.SESSION_REVOKE, Permission.PERSONAL_DATA_REVEAL,
            Permission.POLICY_MANAGE)),
    AUDITOR(EnumSet.of(Permission.AUDIT_READ, Permission.AUDIT_EXPORT, Permission.SESSION_LIST)),
    KEY_ADMIN(EnumSet.of(Permission.KEY_MANAGE)),
    // Planning changes are the operator's business duty (four eyes with an APPROVER by default policy).
    OPERATOR(EnumSet.of(Permission.OPERATION_EXECUTE, Permission.MAP_READ, Permission.MAP_PUBLISH)),
    APPROVER(EnumSet.of(Permission.OPERATION_APPROVE, Permission.MAP_READ));

    private final Set<Permission> builtIn;

    Role(Set<Permission> builtIn) {
        this.builtIn = builtIn;
    }

    /** The permissions this role is seeded with (role_permissions rows, each MACed). */
    public Set<Permission> builtInPermissions() {
        return EnumSet.copyOf(builtIn);
    }

    /** Parses an API value; unknown names are bad input, not a server error. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.name().equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role");
    }
}
