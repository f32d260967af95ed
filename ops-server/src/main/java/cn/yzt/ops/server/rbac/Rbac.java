package cn.yzt.ops.server.rbac;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;

import javax.sql.DataSource;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.RowMac;
import cn.yzt.ops.server.db.Tx;

/**
 * Roles and permissions. Every authorization decision re-reads the access-control rows and checks
 * each row's HMAC-SM3; a row changed outside the application denies the request and raises an
 * integrity alert in the audit log. Grants enforce separation of duties under a row lock on the
 * grantee, so two concurrent grants cannot together create a conflict.
 */
public final class Rbac {

    private final DataSource ds;
    private final RowMac mac;
    private final AuditLog audit;
    private final Clock clock;

    public Rbac(DataSource ds, KeyVault vault, AuditLog audit, Clock clock) {
        this.ds = ds;
        this.mac = new RowMac(vault, KeyPurpose.ACL_MAC);
        this.audit = audit;
        this.clock = clock;
    }

    /** Seeds the built-in role permissions (idempotent; runs at init and at every start). */
    public void seedBuiltInRoles() {
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO role_permissions (role, permission, mac) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                for (Role r : Role.values()) {
                    for (Permission p : r.builtInPermissions()) {
                        ps.setString(1, r.name());
                        ps.setString(2, p.name());
                        ps.setBytes(3, permissionMac(r.name(), p.name()));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Throws AccessDeniedException, or IntegrityException (after auditing an alert) on a bad MAC. */
    public void require(long userId, Permission p) {
        if (!permissions(userId).contains(p)) {
            throw new AccessDeniedException(p);
        }
    }

    public boolean has(long userId, Permission p) {
        return permissions(userId).contains(p);
    }

    /** The user's effective permissions, every contributing row MAC-checked. */
    public Set<Permission> permissions(long userId) {
        try {
            return Tx.run(ds, c -> {
                Set<Role> roles = roles(c, userId);
                Set<Permission> out = EnumSet.noneOf(Permission.class);
                if (roles.isEmpty()) {
                    return out;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT role, permission, mac FROM role_permissions WHERE role = ANY (?)")) {
                    ps.setArray(1, c.createArrayOf("text", roles.stream().map(Enum::name).toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            String role = rs.getString(1);
                            String perm = rs.getString(2);
                            if (!mac.matches(rs.getBytes(3), "role_permissions", role, perm)) {
                                throw new IntegrityException("role_permissions " + role + "/" + perm);
                            }
                            try {
                                out.add(Permission.valueOf(perm));
                            } catch (IllegalArgumentException ex) {
                                throw new IntegrityException("role_permissions unknown permission");
                            }
                        }
                    }
                }
                return out;
            });
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("ACL_MAC_MISMATCH", ex.getMessage()));
            throw ex;
        }
    }

    /** The user's roles, MAC-checked. */
    public Set<Role> roles(long userId) {
        try {
            return Tx.run(ds, c -> roles(c, userId));
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("ACL_MAC_MISMATCH", ex.getMessage()));
            throw ex;
        }
    }

    private Set<Role> roles(Connection c, long userId) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT role, granted_by, granted_at, mac FROM user_roles WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String role = rs.getString(1);
                    Long by = (Long) rs.getObject(2);
                    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
                    if (!mac.matches(rs.getBytes(4), "user_roles", userId, role, by, micros(at))) {
                        throw new IntegrityException("user_roles user " + userId + " role " + role);
                    }
                    try {
                        roles.add(Role.valueOf(role));
                    } catch (IllegalArgumentException ex) {
                        throw new IntegrityException("user_roles unknown role");
                    }
                }
            }
        }
        return roles;
    }

    /**
     * Grants ROLE to USER. The grantor needs ROLE_GRANT (checked here unless grantorId is null,
     * which only bootstrap uses) and may not grant to themselves. Conflicts are refused and audited.
     */
    public void grant(Long grantorId, long userId, Role role) {
        if (grantorId != null) {
            require(grantorId, Permission.ROLE_GRANT);
            if (grantorId == userId) {
                audit.record(AuditEvent.failure("ROLE_GRANT", null, grantorId, "SELF_GRANT", role.name()));
                throw new AccessDeniedException(Permission.ROLE_GRANT);
            }
        }
        try {
            Tx.run(ds, c -> {
                lockUser(c, userId);
                Set<Role> held = roles(c, userId);
                if (held.contains(role)) {
                    return null;
                }
                SeparationOfDuties.conflict(held, role).ifPresent(conflict -> {
                    throw new SodViolationException(conflict);
                });
                OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO user_roles (user_id, role, granted_by, granted_at, mac) VALUES (?,?,?,?,?)")) {
                    ps.setLong(1, userId);
                    ps.setString(2, role.name());
                    ps.setObject(3, grantorId);
                    ps.setObject(4, at);
                    ps.setBytes(5, mac.of("user_roles", userId, role.name(), grantorId, micros(at)));
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent("ROLE_GRANT", AuditEvent.Outcome.SUCCESS, null, grantorId, null,
                        "user " + userId + " role " + role, null));
                return null;
            });
        } catch (SodViolationException ex) {
            audit.record(AuditEvent.failure("ROLE_GRANT", null, grantorId, "SOD_CONFLICT",
                    "user " + userId + " role " + role + " conflicts with " + ex.conflict()));
            throw ex;
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("ACL_MAC_MISMATCH", ex.getMessage()));
            throw ex;
        }
    }

    public void revoke(long grantorId, long userId, Role role) {
        require(grantorId, Permission.ROLE_GRANT);
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_roles WHERE user_id = ? AND role = ?")) {
                ps.setLong(1, userId);
                ps.setString(2, role.name());
                if (ps.executeUpdate() == 1) {
                    audit.append(c, new AuditEvent("ROLE_REVOKE", AuditEvent.Outcome.SUCCESS, null, grantorId, null,
                            "user " + userId + " role " + role, null));
                }
            }
            return null;
        });
    }

    private static void lockUser(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new java.util.NoSuchElementException("no such user");
                }
            }
        }
    }

    private byte[] permissionMac(String role, String perm) {
        return mac.of("role_permissions", role, perm);
    }

    private static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
