package cn.yzt.ops.server.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import javax.sql.DataSource;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.audit.AuditLog;
import cn.yzt.ops.server.crypto.BlindIndex;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Reads;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;

/** Accounts: create, read (masked or revealed), lookup by blind index, login counters, unlock. */
public final class UserService {

    private final DataSource ds;
    private final UserStore store;
    private final FieldProtector fields;
    private final BlindIndex blind;
    private final PasswordHasher hasher;
    private final Rbac rbac;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(DataSource ds, KeyVault vault, PasswordHasher hasher, Rbac rbac, AuditLog audit, Clock clock) {
        this.ds = ds;
        this.store = new UserStore(vault);
        this.fields = new FieldProtector(vault);
        this.blind = new BlindIndex(vault);
        this.hasher = hasher;
        this.rbac = rbac;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates an account; actorId null is bootstrap only. The password array is wiped. */
    public long create(Long actorId, NewUser input, char[] password) {
        try {
            if (actorId != null) {
                rbac.require(actorId, Permission.USER_CREATE);
            }
            NewUser u = input.validated();
            PersonalDataRules.password(password);
            PasswordHasher.Hash pw = hasher.hash(password);
            return Tx.run(ds, c -> {
                if (store.byUsername(c, u.username(), false).isPresent()) {
                    throw new InvalidInputException("username.taken");
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement("SELECT nextval('users_id_seq')");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, username, status, name_enc,"
                        + " id_card_enc, phone_enc, email_enc, id_card_bidx, phone_bidx, email_bidx, pw_salt,"
                        + " pw_iterations, pw_pepper_key, pw_hash, record_mac) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, u.username());
                    ps.setString(3, "active");
                    ps.setBytes(4, fields.seal("users", id, "name_enc", u.displayName()));
                    ps.setBytes(5, fields.seal("users", id, "id_card_enc", u.idCard()));
                    ps.setBytes(6, fields.seal("users", id, "phone_enc", u.phone()));
                    ps.setBytes(7, fields.seal("users", id, "email_enc", u.email()));
                    ps.setBytes(8, blind.of("id_card", u.idCard()));
                    ps.setBytes(9, blind.of("phone", u.phone()));
                    ps.setBytes(10, blind.of("email", u.email()));
                    ps.setBytes(11, pw.salt());
                    ps.setInt(12, pw.iterations());
                    ps.setInt(13, pw.pepperKeyId());
                    ps.setBytes(14, pw.hash());
                    ps.setBytes(15, store.recordMac(id, u.username(), "active", pw, null));
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent("USER_CREATE", AuditEvent.Outcome.SUCCESS, u.username(), actorId, null,
                        "user id " + id, null));
                return id;
            });
        } finally {
            Bytes.wipe(password);
        }
    }

    /** One user, personal data masked (even for holders of PERSONAL_DATA_REVEAL: see {@link #reveal}). Refuses (IntegrityException) if any protected field was altered. */
    public UserView view(long actorId, long userId) {
        rbac.require(actorId, Permission.USER_READ);
        boolean reveal = false; // always masked: revealing is only the signed, ledgered user.reveal
        UserRecord r = Tx.run(ds, c -> store.byId(c, userId, false)).orElseThrow(() -> new NoSuchElementException("user"));
        return toView(r, reveal);
    }

    /** All users; a user whose row fails its checks is left out and raises an alert, the rest are listed. */
    public List<UserView> list(long actorId, int limit) {
        rbac.require(actorId, Permission.USER_READ);
        boolean reveal = false; // always masked: revealing is only the signed, ledgered user.reveal
        List<UserView> out = new ArrayList<>();
        for (UserRecord r : Tx.run(ds, c -> store.all(c, limit))) {
            try {
                out.add(toView(r, reveal));
            } catch (IntegrityException ex) {
                // reported by toView; the other accounts stay usable
            }
        }
        return out;
    }

    /** Exact lookup on the encrypted phone column through its blind index. */
    public List<UserView> findByPhone(long actorId, String phone) {
        rbac.require(actorId, Permission.USER_READ);
        boolean reveal = false; // always masked: revealing is only the signed, ledgered user.reveal
        String p = PersonalDataRules.phone(phone);
        List<UserView> out = new ArrayList<>();
        for (UserRecord r : Tx.run(ds, c -> store.byBlindIndex(c, "phone_bidx", blind.candidates("phone", p)))) {
            try {
                out.add(toView(r, reveal));
            } catch (IntegrityException ex) {
                // alert raised by toView; a tampered row is never returned
            }
        }
        return out;
    }

    /** The account for a login attempt, record MAC checked; empty if no such user. */
    public Optional<UserRecord> forLogin(String username) {
        Optional<UserRecord> r = Tx.run(ds, c -> store.byUsername(c, username, false));
        r.ifPresent(this::checked);
        return r;
    }

    public boolean passwordMatches(UserRecord r, char[] password) {
        return hasher.matches(password, r.password());
    }

    /** Counts a failed login; locks the account at maxFailures. Returns whether it is now locked. */
    public boolean recordFailure(long userId, int maxFailures) {
        return Tx.run(ds, c -> {
            UserRecord r = checked(store.byId(c, userId, true).orElseThrow());
            int failures = r.failedLogins() + 1;
            OffsetDateTime lockedAt = r.lockedAt();
            if (lockedAt == null && failures >= maxFailures) {
                lockedAt = now();
            }
            update(c, r, failures, lockedAt);
            return lockedAt != null;
        });
    }

    public void resetFailures(long userId) {
        Tx.run(ds, c -> {
            resetFailures(c, userId);
            return null;
        });
    }

    /** Within the caller's transaction (a successful login). */
    public void resetFailures(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET failed_logins = 0 WHERE id = ? AND failed_logins <> 0")) {
            ps.setLong(1, userId);
            ps.executeUpdate();
        }
    }

    /** Disables (or re-enables) an account; disabling also ends its sessions. Not on oneself. */
    public void setActive(long actorId, long userId, boolean active) {
        rbac.require(actorId, Permission.USER_MANAGE);
        if (actorId == userId) {
            throw new cn.yzt.ops.server.rbac.AccessDeniedException(Permission.USER_MANAGE);
        }
        Tx.run(ds, c -> {
            UserRecord r = checked(store.byId(c, userId, true).orElseThrow(() -> new NoSuchElementException("user")));
            String status = active ? "active" : "disabled";
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET status = ?, record_mac = ? WHERE id = ?")) {
                ps.setString(1, status);
                ps.setBytes(2, store.recordMac(r.id(), r.username(), status, r.password(), r.lockedAt()));
                ps.setLong(3, userId);
                ps.executeUpdate();
            }
            if (!active) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE sessions SET ended_at = now(), end_reason = 'USER_DISABLED' WHERE user_id = ? AND ended_at IS NULL")) {
                    ps.setLong(1, userId);
                    ps.executeUpdate();
                }
            }
            audit.append(c, new AuditEvent(active ? "USER_ENABLE" : "USER_DISABLE", AuditEvent.Outcome.SUCCESS, r.username(),
                    actorId, null, "user id " + userId, null));
            return null;
        });
    }

    /** Admin unlock: clears the lock and the failure counter. */
    public void unlock(long actorId, long userId) {
        rbac.require(actorId, Permission.USER_UNLOCK);
        Tx.run(ds, c -> {
            UserRecord r = checked(store.byId(c, userId, true).orElseThrow(() -> new NoSuchElementException("user")));
            update(c, r, 0, null);
            audit.append(c, new AuditEvent("USER_UNLOCK", AuditEvent.Outcome.SUCCESS, r.username(), actorId, null,
                    "user id " + userId, null));
            return null;
        });
    }

    /**
     * Sets a new password (signed user.password.reset; the server made it, see {@link OneTimePassword}).
     * Not on oneself. Clears the failure counter; the lock stays as it is (user.unlock ends it).
     * The password array is wiped.
     */
    public void resetPassword(long actorId, long userId, char[] password) {
        try {
            rbac.require(actorId, Permission.USER_MANAGE);
            if (actorId == userId) {
                throw new cn.yzt.ops.server.rbac.AccessDeniedException(Permission.USER_MANAGE);
            }
            PersonalDataRules.password(password);
            PasswordHasher.Hash pw = hasher.hash(password);
            Tx.run(ds, c -> {
                UserRecord r = checked(store.byId(c, userId, true).orElseThrow(() -> new NoSuchElementException("user")));
                try (PreparedStatement ps = c.prepareStatement("UPDATE users SET pw_salt = ?, pw_iterations = ?,"
                        + " pw_pepper_key = ?, pw_hash = ?, failed_logins = 0, record_mac = ? WHERE id = ?")) {
                    ps.setBytes(1, pw.salt());
                    ps.setInt(2, pw.iterations());
                    ps.setInt(3, pw.pepperKeyId());
                    ps.setBytes(4, pw.hash());
                    ps.setBytes(5, store.recordMac(r.id(), r.username(), r.status(), pw, r.lockedAt()));
                    ps.setLong(6, userId);
                    ps.executeUpdate();
                }
                audit.append(c, new AuditEvent("USER_PASSWORD_RESET", AuditEvent.Outcome.SUCCESS, r.username(), actorId,
                        null, "user id " + userId, null));
                return null;
            });
        } finally {
            Bytes.wipe(password);
        }
    }

    /** The unmasked personal data (signed user.reveal): the ledger keeps who revealed whom. Audited. */
    public UserView reveal(long actorId, long userId) {
        rbac.require(actorId, Permission.PERSONAL_DATA_REVEAL);
        UserRecord r = Tx.run(ds, c -> store.byId(c, userId, false)).orElseThrow(() -> new NoSuchElementException("user"));
        UserView v = toView(r, true);
        Tx.run(ds, c -> {
            audit.append(c, new AuditEvent("PERSONAL_DATA_REVEAL", AuditEvent.Outcome.SUCCESS, r.username(), actorId, null,
                    "user id " + userId, null));
            return null;
        });
        return v;
    }

    public long count() {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM users"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public Optional<Long> idOf(String username) {
        return Tx.run(ds, c -> Reads.one(c, idRead(username)));
    }

    /** {@link #idOf} as a read to send with others (ids are never reused and usernames never change). */
    public Reads.Read<Optional<Long>> idRead(String username) {
        return Reads.of("SELECT id FROM users WHERE username = ?",
                (ps, first) -> {
                    ps.setString(first, username);
                    return first + 1;
                }, rs -> {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                });
    }

    private void update(Connection c, UserRecord r, int failures, OffsetDateTime lockedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE users SET failed_logins = ?, locked_at = ?, record_mac = ? WHERE id = ?")) {
            ps.setInt(1, failures);
            ps.setObject(2, lockedAt);
            ps.setBytes(3, store.recordMac(r.id(), r.username(), r.status(), r.password(), lockedAt));
            ps.setLong(4, r.id());
            ps.executeUpdate();
        }
    }

    private UserRecord checked(UserRecord r) {
        try {
            store.check(r);
            return r;
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("USER_RECORD_MAC_MISMATCH", "user id " + r.id()));
            throw ex;
        }
    }

    private UserView toView(UserRecord r, boolean reveal) {
        checked(r);
        String name;
        String idCard;
        String phone;
        String email;
        try {
            name = fields.open("users", r.id(), "name_enc", r.nameEnc());
            idCard = fields.open("users", r.id(), "id_card_enc", r.idCardEnc());
            phone = fields.open("users", r.id(), "phone_enc", r.phoneEnc());
            email = fields.open("users", r.id(), "email_enc", r.emailEnc());
        } catch (IntegrityException ex) {
            audit.record(AuditEvent.alert("FIELD_MAC_MISMATCH", ex.getMessage()));
            throw ex;
        }
        if (!reveal) {
            name = Masking.name(name);
            idCard = Masking.idCard(idCard);
            phone = Masking.phone(phone);
            email = Masking.email(email);
        }
        return new UserView(r.id(), r.username(), r.status(), r.locked(), name, idCard, phone, email, reveal);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
