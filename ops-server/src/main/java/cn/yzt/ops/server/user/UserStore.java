package cn.yzt.ops.server.user;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.RowMac;

/**
 * SQL for the users table, and the record MAC over its security-relevant fields (username,
 * status, password hash, lock state). Every row read is MAC-checked before anyone uses it.
 */
final class UserStore {

    private static final String COLUMNS = "id, username, status, pw_salt, pw_iterations, pw_pepper_key, pw_hash,"
            + " failed_logins, locked_at, record_mac, name_enc, id_card_enc, phone_enc, email_enc";

    private final RowMac mac;

    UserStore(KeyVault vault) {
        this.mac = new RowMac(vault, KeyPurpose.FIELD_MAC);
    }

    byte[] recordMac(long id, String username, String status, PasswordHasher.Hash pw, OffsetDateTime lockedAt) {
        return mac.of("users", id, username, status, pw.salt(), pw.iterations(), pw.pepperKeyId(), pw.hash(),
                lockedAt == null ? null : Long.toString(micros(lockedAt)));
    }

    void check(UserRecord r) {
        mac.check(r.recordMac(), "users", r.id(), r.username(), r.status(), r.password().salt(),
                r.password().iterations(), r.password().pepperKeyId(), r.password().hash(),
                r.lockedAt() == null ? null : Long.toString(micros(r.lockedAt())));
    }

    Optional<UserRecord> byUsername(Connection c, String username, boolean forUpdate) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM users WHERE username = ?" + (forUpdate ? " FOR UPDATE" : ""), username);
    }

    Optional<UserRecord> byId(Connection c, long id, boolean forUpdate) throws SQLException {
        return one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id);
    }

    List<UserRecord> all(Connection c, int limit) throws SQLException {
        List<UserRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    List<UserRecord> byBlindIndex(Connection c, String column, List<byte[]> candidates) throws SQLException {
        // column comes from code, never from input
        List<UserRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE " + column + " = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bytea", candidates.toArray(new byte[0][])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private Optional<UserRecord> one(Connection c, String sql, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static UserRecord read(ResultSet rs) throws SQLException {
        return new UserRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                new PasswordHasher.Hash(rs.getBytes(4), rs.getInt(5), rs.getInt(6), rs.getBytes(7)),
                rs.getInt(8), rs.getObject(9, OffsetDateTime.class), rs.getBytes(10), rs.getBytes(11),
                rs.getBytes(12), rs.getBytes(13), rs.getBytes(14));
    }

    static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
