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
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.RowMac;
import cn.yzt.ops.server.db.Reads;
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
    private final KeyVault vault;
    private final AuditLog audit;
    private final Clock clock;
    /**
     * Row contents whose MAC already verified, mapped to that MAC. Rows are still read and compared
     * on every decision; only the HMAC recomputation (key unseal + SM3) is skipped when the row's
     * content AND its stored MAC are byte-identical to a verified pair, so a changed field or a
     * changed MAC misses the memo and fails the full check as before.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int VERIFIED_MAX = 4096;

    public Rbac(DataSource ds, KeyVault vault, AuditLog audit, Clock clock) {
        this.ds = ds;
        this.vault = vault;
        this.mac = new RowMac(vault, KeyPurpose.ACL_MAC);
        this.audit = audit;
        this.clock = clock;
        this.acl = new AclCache(ds);
    }

    private final AclCache acl;

    /** What signed-operation checks may read from memory (bumped by every change made here). */
    public AclCache acl() {
        return acl;
    }

    /**
     * Seeds the built-in role permissions (idempotent; runs at init and at every start). A pair is
     * seeded once ever (role_permission_seeds): a permission removed later by the signed
     * role.permission.revoke stays removed across restarts, a permission new in this version arrives.
     */
    public void seedBuiltInRoles() {
        acl.allChanged();
        Tx.run(ds, c -> {
            try (PreparedStatement seed = c.prepareStatement(
                    "INSERT INTO role_permission_seeds (role, permission) VALUES (?,?) ON CONFLICT DO NOTHING");
                    PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO role_permissions (role, permission, mac) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                for (Role r : Role.values()) {
                    for (Permission p : r.builtInPermissions()) {
                        seed.setString(1, r.name());
                        seed.setString(2, p.name());
                        if (seed.executeUpdate() == 1) {
                            ps.setString(1, r.name());
                            ps.setString(2, p.name());
                            ps.setBytes(3, permissionMac(r.name(), p.name()));
                            ps.executeUpdate();
                        }
                    }
                }
            }
            return null;
        });
    }

    /**
     * Adds PERMISSION to ROLE (signed role.permission.grant). Separation of duties stays meaningful:
     * a permission that is built into a role conflicting with ROLE (e.g. AUDIT_READ of AUDITOR for
     * SYSTEM_ADMIN) is refused, so no role can quietly absorb the duty of its opposite.
     */
    public void grantPermission(long actorId, Role role, Permission permission) {
        acl.allChanged();
        require(actorId, Permission.ROLE_GRANT);
        for (SeparationOfDuties.Conflict c : SeparationOfDuties.RULES) {
            Role other = c.a() == role ? c.b() : c.b() == role ? c.a() : null;
            if (other != null && other.builtInPermissions().contains(permission)
                    && !role.builtInPermissions().contains(permission)) {
                audit.record(AuditEvent.failure("ROLE_PERMISSION_GRANT", null, actorId, "SOD_CONFLICT",
                        role + " " + permission + " belongs to " + other));
                throw new SodViolationException(c);
            }
        }
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO role_permissions (role, permission, mac) VALUES (?,?,?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, role.name());
                ps.setString(2, permission.name());
                ps.setBytes(3, permissionMac(role.name(), permission.name()));
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("role already has the permission");
                }
            }
            audit.append(c, new AuditEvent("ROLE_PERMISSION_GRANT", AuditEvent.Outcome.SUCCESS, null, actorId, null,
                    role + " " + permission, null));
            return null;
        });
    }

    /** Removes PERMISSION from ROLE (signed role.permission.revoke); an absent pair is bad input. */
    public void revokePermission(long actorId, Role role, Permission permission) {
        acl.allChanged();
        require(actorId, Permission.ROLE_GRANT);
        Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM role_permissions WHERE role = ? AND permission = ?")) {
                ps.setString(1, role.name());
                ps.setString(2, permission.name());
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("role does not have the permission");
                }
            }
            audit.append(c, new AuditEvent("ROLE_PERMISSION_REVOKE", AuditEvent.Outcome.SUCCESS, null, actorId, null,
                    role + " " + permission, null));
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
        return Tx.run(ds, c -> Reads.one(c, permissionsRead(userId)));
    }

    /**
     * {@link #permissions} as a read to send with others ({@link Reads#all}): each role row with its
     * permission rows in one statement, every row MAC-checked; a bad MAC is audited as an alert and
     * throws IntegrityException.
     */
    public Reads.Read<Set<Permission>> permissionsRead(long userId) {
        return permissionsRead(userId, true);
    }

    /** ALERT: audit a bad MAC here (false where the caller's own handler audits it). */
    private Reads.Read<Set<Permission>> permissionsRead(long userId, boolean alert) {
        return Reads.of("SELECT ur.role, ur.granted_by, ur.granted_at, ur.mac, rp.permission, rp.mac FROM user_roles ur"
                + " LEFT JOIN role_permissions rp ON rp.role = ur.role WHERE ur.user_id = ?",
                (ps, first) -> {
                    ps.setLong(first, userId);
                    return first + 1;
                }, rs -> {
                    try {
                        return permissionRows(userId, rs);
                    } catch (IntegrityException ex) {
                        if (alert) {
                            audit.record(AuditEvent.alert("ACL_MAC_MISMATCH", ex.getMessage()));
                        }
                        throw ex;
                    }
                });
    }

    private Set<Permission> permissionRows(long userId, ResultSet rs) throws SQLException {
        Set<Permission> out = EnumSet.noneOf(Permission.class);
        Set<String> rolesChecked = new java.util.HashSet<>();
        while (rs.next()) {
            String role = rs.getString(1);
            if (rolesChecked.add(role)) {
                checkRoleRow(userId, role, (Long) rs.getObject(2), rs.getObject(3, OffsetDateTime.class), rs.getBytes(4));
            }
            String perm = rs.getString(5);
            if (perm == null) {
                continue;
            }
            if (!macMatches(rs.getBytes(6), "role_permissions", role, perm)) {
                throw new IntegrityException("role_permissions " + role + "/" + perm);
            }
            try {
                out.add(Permission.valueOf(perm));
            } catch (IllegalArgumentException ex) {
                throw new IntegrityException("role_permissions unknown permission");
            }
        }
        return out;
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
                    roles.add(checkRoleRow(userId, role, (Long) rs.getObject(2), rs.getObject(3, OffsetDateTime.class),
                            rs.getBytes(4)));
                }
            }
        }
        return roles;
    }

    /** A user_roles row's MAC and role name; IntegrityException if either is wrong. */
    private Role checkRoleRow(long userId, String role, Long by, OffsetDateTime at, byte[] rowMac) {
        if (!macMatches(rowMac, "user_roles", userId, role, by, micros(at))) {
            throw new IntegrityException("user_roles user " + userId + " role " + role);
        }
        try {
            return Role.valueOf(role);
        } catch (IllegalArgumentException ex) {
            throw new IntegrityException("user_roles unknown role");
        }
    }

    /**
     * Grants ROLE to USER. The grantor needs ROLE_GRANT (checked here unless grantorId is null,
     * which only bootstrap uses) and may not grant to themselves. Conflicts are refused and audited.
     */
    public void grant(Long grantorId, long userId, Role role) {
        if (grantorId != null && grantorId == userId) {
            require(grantorId, Permission.ROLE_GRANT);
            audit.record(AuditEvent.failure("ROLE_GRANT", null, grantorId, "SELF_GRANT", role.name()));
            throw new AccessDeniedException(Permission.ROLE_GRANT);
        }
        try {
            Tx.run(ds, c -> {
                acl.userChanged(userId);
                OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
                byte[] rowMac = mac.of("user_roles", userId, role.name(), grantorId, micros(at));
                // ONE round trip: the grantor's permissions, the locked target's roles as they were and,
                // where a refusal below undoes it (undoneOnThrow), the insert itself
                boolean together = grantorId != null && undoneOnThrow();
                List<Reads.Read<?>> reads = new java.util.ArrayList<>();
                if (grantorId != null) {
                    reads.add(permissionsRead(grantorId, false));
                }
                reads.add(lockedRolesRead(userId));
                if (together) {
                    reads.add(insertRoleRead(userId, role, grantorId, at, rowMac));
                }
                List<Object> r = Reads.all(c, reads);
                int k = 0;
                if (grantorId != null && !((Set<?>) r.get(k++)).contains(Permission.ROLE_GRANT)) {
                    throw new AccessDeniedException(Permission.ROLE_GRANT);
                }
                @SuppressWarnings("unchecked")
                Set<Role> held = (Set<Role>) r.get(k++);
                boolean inserted = together && (Boolean) r.get(k);
                if (held.contains(role)) {
                    return null;
                }
                SeparationOfDuties.conflict(held, role).ifPresent(conflict -> {
                    throw new SodViolationException(conflict);
                });
                if (!inserted) {
                    Reads.one(c, insertRoleRead(userId, role, grantorId, at, rowMac));
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

    /**
     * The user's roles (MAC-checked) with the user row locked FOR UPDATE, so concurrent grants to one
     * user are serialised and each checks separation of duties against what the other committed.
     * NoSuchElementException when there is no such user.
     */
    private Reads.Read<Set<Role>> lockedRolesRead(long userId) {
        return Reads.of("SELECT u.id, ur.role, ur.granted_by, ur.granted_at, ur.mac FROM users u"
                + " LEFT JOIN user_roles ur ON ur.user_id = u.id WHERE u.id = ? FOR UPDATE OF u",
                (ps, first) -> {
                    ps.setLong(first, userId);
                    return first + 1;
                }, rs -> {
                    boolean found = false;
                    Set<Role> roles = EnumSet.noneOf(Role.class);
                    while (rs.next()) {
                        found = true;
                        String role = rs.getString(2);
                        if (role != null) {
                            roles.add(checkRoleRow(userId, role, (Long) rs.getObject(3), rs.getObject(4, OffsetDateTime.class),
                                    rs.getBytes(5)));
                        }
                    }
                    if (!found) {
                        throw new java.util.NoSuchElementException("no such user");
                    }
                    return roles;
                });
    }

    public void revoke(long grantorId, long userId, Role role) {
        if (!undoneOnThrow()) {
            require(grantorId, Permission.ROLE_GRANT);
        }
        try {
            Tx.run(ds, c -> {
                acl.userChanged(userId);
                boolean deleted;
                if (undoneOnThrow()) {
                    // ONE round trip: the grantor's permissions and the delete; without the permission
                    // this throws and the transaction (or the ledger unit) is undone
                    List<Object> r = Reads.all(c, List.of(permissionsRead(grantorId, false), deleteRoleRead(userId, role)));
                    @SuppressWarnings("unchecked")
                    Set<Permission> grantor = (Set<Permission>) r.get(0);
                    if (!grantor.contains(Permission.ROLE_GRANT)) {
                        throw new AccessDeniedException(Permission.ROLE_GRANT);
                    }
                    deleted = (Boolean) r.get(1);
                } else {
                    deleted = Reads.one(c, deleteRoleRead(userId, role));
                }
                if (deleted) {
                    audit.append(c, new AuditEvent("ROLE_REVOKE", AuditEvent.Outcome.SUCCESS, null, grantorId, null,
                            "user " + userId + " role " + role, null));
                }
                return null;
            });
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("ACL_MAC_MISMATCH", ex.getMessage()));
            throw ex;
        }
    }

    /**
     * Whether a throw in the work about to run undoes all of it: in a ledger group-commit unit (its
     * savepoint) or in a transaction of its own ({@link Tx#run}), not inside a caller's transaction
     * that might catch and go on. Writes may then go out with the checks they depend on, in one
     * round trip, and be undone if a check fails.
     */
    private boolean undoneOnThrow() {
        return Tx.inUnit(ds) || !Tx.active(ds);
    }

    /** Inserts the user_roles row (nothing if the user holds the role already); true if inserted. */
    private static Reads.Read<Boolean> insertRoleRead(long userId, Role role, Long grantorId, OffsetDateTime at, byte[] rowMac) {
        // no row for a user that does not exist (the roles read reports it), rather than an FK error
        return Reads.of("INSERT INTO user_roles (user_id, role, granted_by, granted_at, mac) SELECT u.id, ?, ?, ?, ?"
                + " FROM users u WHERE u.id = ? ON CONFLICT (user_id, role) DO NOTHING RETURNING 1",
                (ps, first) -> {
                    ps.setString(first, role.name());
                    ps.setObject(first + 1, grantorId);
                    ps.setObject(first + 2, at);
                    ps.setBytes(first + 3, rowMac);
                    ps.setLong(first + 4, userId);
                    return first + 5;
                }, rs -> {
                    return rs.next();
                });
    }

    /** Deletes the user_roles row; true if there was one. */
    private static Reads.Read<Boolean> deleteRoleRead(long userId, Role role) {
        return Reads.of("DELETE FROM user_roles WHERE user_id = ? AND role = ? RETURNING 1",
                (ps, first) -> {
                    ps.setLong(first, userId);
                    ps.setString(first + 1, role.name());
                    return first + 2;
                }, rs -> {
                    return rs.next();
                });
    }

    /** RowMac.matches, memoized per exact (content, MAC) pair; the MAC key must still be a live one. */
    private boolean macMatches(byte[] stored, String kind, Object... fields) {
        if (stored == null || stored.length < 4) {
            return false;
        }
        StringBuilder key = new StringBuilder(kind);
        for (Object f : fields) {
            // length-prefixed, so no two field lists share a key
            String v = f == null ? "\u0000null" : f.toString();
            key.append('|').append(v.length()).append(':').append(v);
        }
        String k = key.toString();
        byte[] known = verified.get(k);
        if (known != null && java.security.MessageDigest.isEqual(known, stored)
                && vault.ids(KeyPurpose.ACL_MAC).contains(cn.yzt.ops.server.crypto.Bytes.readInt(stored, 0))) {
            return true;
        }
        if (!mac.matches(stored, kind, fields)) {
            return false;
        }
        if (verified.size() >= VERIFIED_MAX) {
            verified.clear();
        }
        verified.put(k, stored.clone());
        return true;
    }

    private byte[] permissionMac(String role, String perm) {
        return mac.of("role_permissions", role, perm);
    }

    private static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
