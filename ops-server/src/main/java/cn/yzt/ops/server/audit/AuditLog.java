package cn.yzt.ops.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import javax.sql.DataSource;

import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Tx;

/**
 * Appends events to the HMAC-SM3 chained audit log. Appends are serialized by locking the chain
 * head row, so sequence numbers have no gaps and each MAC covers its predecessor. Append inside
 * the caller's transaction when the event documents a change (both commit or neither), or with
 * {@link #record} on its own when the request itself fails (a refused login must still be logged).
 */
public final class AuditLog {

    private final DataSource ds;
    private final AuditChain chain;
    private final Clock clock;

    public AuditLog(DataSource ds, KeyVault vault, Clock clock) {
        this.ds = ds;
        this.chain = new AuditChain(vault);
        this.clock = clock;
    }

    /** Appends in its own transaction; returns the sequence number. */
    public long record(AuditEvent e) {
        return Tx.run(ds, c -> append(c, e));
    }

    /** Appends within the caller's transaction (autocommit must be off). */
    public long append(Connection c, AuditEvent e) throws SQLException {
        long prevSeq = 0;
        byte[] prevMac = AuditChain.GENESIS;
        boolean haveHead = false;
        // The advisory lock also covers the very first append, when there is no head row to lock.
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(7786001)")) {
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_mac FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                haveHead = true;
                prevSeq = rs.getLong(1);
                prevMac = rs.getBytes(2);
            }
        }
        long seq = prevSeq + 1;
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int keyId = chain.currentKeyId();
        byte[] mac = chain.entryMac(keyId, prevMac, seq, at, e);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log (seq, at, event_type, outcome, username,"
                + " user_id, reason, detail, remote, mac_key_id, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, seq);
            ps.setObject(2, at);
            ps.setString(3, e.type());
            ps.setString(4, e.outcome().name());
            ps.setString(5, e.username());
            if (e.userId() == null) {
                ps.setNull(6, Types.BIGINT);
            } else {
                ps.setLong(6, e.userId());
            }
            ps.setString(7, e.reason());
            ps.setString(8, e.detail());
            ps.setString(9, e.remote());
            ps.setInt(10, keyId);
            ps.setBytes(11, mac);
            ps.executeUpdate();
        }
        String headSql = haveHead
                ? "UPDATE audit_head SET last_seq = ?, last_mac = ?, mac_key_id = ?, mac = ? WHERE id = 1"
                : "INSERT INTO audit_head (last_seq, last_mac, mac_key_id, mac, id) VALUES (?,?,?,?,1)";
        try (PreparedStatement ps = c.prepareStatement(headSql)) {
            ps.setLong(1, seq);
            ps.setBytes(2, mac);
            ps.setInt(3, keyId);
            ps.setBytes(4, chain.headMac(keyId, seq, mac));
            ps.executeUpdate();
        }
        return seq;
    }
}
