package cn.yzt.ops.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Tx;

/**
 * Recomputes the whole chain: a changed row breaks its own MAC, a deleted or inserted row breaks
 * the sequence or the next MAC, and a deleted tail no longer matches the MACed chain head.
 */
public final class AuditVerifier {

    /** Outcome of a verification; {@code brokenAt} is the first bad sequence number, or -1. */
    public record Result(boolean intact, long checked, long brokenAt, String problem) {
        public String describe() {
            return intact ? "audit log intact: " + checked + " entries"
                    : "audit log BROKEN at seq " + brokenAt + ": " + problem + " (" + checked + " entries checked)";
        }
    }

    private final DataSource ds;
    private final AuditChain chain;

    public AuditVerifier(DataSource ds, KeyVault vault) {
        this.ds = ds;
        this.chain = new AuditChain(vault);
    }

    public Result verify() {
        return Tx.run(ds, this::verify);
    }

    private Result verify(Connection c) throws SQLException {
        long expectedSeq = 1;
        byte[] prev = AuditChain.GENESIS;
        long checked = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, event_type, outcome, username, user_id, reason,"
                + " detail, remote, mac_key_id, mac FROM audit_log ORDER BY seq")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != expectedSeq) {
                        return new Result(false, checked, expectedSeq, "entry missing or inserted (found seq " + seq + ")");
                    }
                    AuditEvent e;
                    try {
                        e = new AuditEvent(rs.getString(3), AuditEvent.Outcome.valueOf(rs.getString(4)), rs.getString(5),
                                (Long) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(9));
                    } catch (IllegalArgumentException ex) {
                        return new Result(false, checked, seq, "unknown outcome value");
                    }
                    byte[] mac = rs.getBytes(11);
                    byte[] expected;
                    try {
                        expected = chain.entryMac(rs.getInt(10), prev, seq, rs.getObject(2, OffsetDateTime.class), e);
                    } catch (IntegrityException ex) {
                        return new Result(false, checked, seq, "unknown MAC key version");
                    }
                    if (!Bytes.equal(expected, mac)) {
                        return new Result(false, checked, seq, "MAC mismatch (entry changed, or its predecessor was)");
                    }
                    prev = mac;
                    expectedSeq++;
                    checked++;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq, last_mac, mac_key_id, mac FROM audit_head WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return checked == 0 ? new Result(true, 0, -1, null) : new Result(false, checked, checked, "chain head missing");
            }
            long lastSeq = rs.getLong(1);
            byte[] headMac;
            try {
                headMac = chain.headMac(rs.getInt(3), lastSeq, rs.getBytes(2));
            } catch (IntegrityException ex) {
                return new Result(false, checked, lastSeq, "chain head has an unknown key version");
            }
            if (!Bytes.equal(headMac, rs.getBytes(4))) {
                return new Result(false, checked, lastSeq, "chain head MAC mismatch");
            }
            if (lastSeq != checked || !Bytes.equal(rs.getBytes(2), prev)) {
                return new Result(false, checked, checked + 1, "entries after seq " + checked + " deleted (head says " + lastSeq + ")");
            }
        }
        return new Result(true, checked, -1, null);
    }
}
