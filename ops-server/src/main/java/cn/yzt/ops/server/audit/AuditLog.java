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
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.server.crypto.KeyVault;

/**
 * Appends events to the HMAC-SM3 chained audit log. Appends are serialized by a transaction-scoped
 * advisory lock, so sequence numbers have no gaps and each MAC covers its predecessor. Append inside
 * the caller's transaction when the event documents a change (both commit or neither), or with
 * {@link #record} on its own (a refused login, a login whose session is already committed): those
 * go through {@link AuditGroupWriter}, which appends concurrent events in one transaction, so the
 * chain lock and the commit fsync are paid once per batch instead of once per event.
 */
public final class AuditLog implements AutoCloseable {

    private final AuditChain chain;
    private final Clock clock;
    private final AuditGroupWriter writer;
    private final DataSource ds;

    public AuditLog(DataSource ds, KeyVault vault, Clock clock) {
        this.ds = ds;
        this.chain = new AuditChain(vault);
        this.clock = clock;
        this.writer = new AuditGroupWriter(ds, this);
    }

    /**
     * Appends in its own transaction, batched with concurrent callers (group commit); returns the
     * sequence number once the entry is durable.
     */
    public long record(AuditEvent e) {
        // Inside a ledger group-commit unit the batch may already hold the chain lock, so another
        // transaction could never append: the event goes into the batch, outside the unit's savepoint
        // (it survives the unit's rollback and is durable before the caller is answered). Returns 0 then.
        if (cn.yzt.ops.server.db.Tx.bufferInBatch(ds, batchSink, e)) {
            return 0;
        }
        return writer.submit(e);
    }

    /**
     * Runs {@code work} and appends the event documenting it, committed together in the next
     * group-commit batch (both or neither); returns the work's result once durable. For hot paths
     * (the login) that would otherwise hold the chain lock through their own commit.
     */
    public <T> T recordWith(cn.yzt.ops.server.db.Tx.Work<T> work, java.util.function.Function<T, AuditEvent> event) {
        return writer.submit(work, event, new long[1]);
    }

    /** The chain head read (and locked) when a ledger batch opens; NO_HEAD before the first record. */
    private record Head(long seq, byte[] mac) {
    }

    private static final Head NO_HEAD = new Head(-1, null);

    /**
     * Writes the events of a ledger batch together: the chain head is read and locked in the batch's
     * opening round trip, the records and the new head go out with the batch's rows (one statement,
     * which fails unless the head is still the one read). Unopened, or before the first record, the
     * events are appended here directly.
     */
    private final cn.yzt.ops.server.db.Tx.BatchSink<AuditEvent> batchSink = new cn.yzt.ops.server.db.Tx.BatchSink<>() {
        @Override
        public cn.yzt.ops.server.db.Reads.Read<?> opening() {
            return cn.yzt.ops.server.db.Reads.of("SELECT last_seq, last_mac FROM audit_head WHERE id = 1 FOR UPDATE",
                    (ps, first) -> first, rs -> rs.next() ? new Head(rs.getLong(1), rs.getBytes(2)) : NO_HEAD);
        }

        @Override
        public cn.yzt.ops.server.db.Reads.Write write(Connection c, Object opened, List<AuditEvent> items) throws SQLException {
            if (!(opened instanceof Head h) || h == NO_HEAD) {
                appendAll(c, items);
                return null;
            }
            OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            return manyAfter(at, chain.currentKeyId(), h.seq(), h.mac(), items);
        }
    };

    /** The sink a ledger batch writes its units' audit records through ({@code LedgerService.writeAlong}). */
    public cn.yzt.ops.server.db.Tx.BatchSink<AuditEvent> batchSink() {
        return batchSink;
    }

    /**
     * Appends within the caller's transaction (autocommit must be off). Inside a ledger group-commit
     * unit the event is written at the end of the batch, with the other units' events (one chain
     * lock and insert for the batch; dropped if the unit fails), and 0 is returned.
     */
    public long append(Connection c, AuditEvent e) throws SQLException {
        if (cn.yzt.ops.server.db.Tx.bufferInUnit(ds, batchSink, e)) {
            return 0;
        }
        return appendAll(c, List.of(e))[0];
    }

    /**
     * Appends events in order within the caller's transaction: one chain lock, one head read and
     * one head update for the whole batch; returns their sequence numbers.
     */
    long[] appendAll(Connection c, List<AuditEvent> events) throws SQLException {
        long prevSeq = 0;
        byte[] prevMac = AuditChain.GENESIS;
        boolean haveHead = false;
        // The head row's lock serialises appenders (FOR UPDATE re-reads the newest committed head
        // after a wait), one round trip for lock and read. The advisory lock covers the very first
        // append, when there is no head row to lock; the head is then read again under it.
        String head = "SELECT last_seq, last_mac FROM audit_head WHERE id = 1 FOR UPDATE";
        try (PreparedStatement ps = c.prepareStatement(head); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                haveHead = true;
                prevSeq = rs.getLong(1);
                prevMac = rs.getBytes(2);
            }
        }
        if (!haveHead) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(7786001)")) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement(head); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    haveHead = true;
                    prevSeq = rs.getLong(1);
                    prevMac = rs.getBytes(2);
                }
            }
        }
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        int keyId = chain.currentKeyId();
        long[] seqs = new long[events.size()];
        long seq = prevSeq;
        byte[] mac = prevMac;
        if (haveHead && events.size() > 1) {
            return appendMany(c, events, at, keyId, prevSeq, prevMac);
        }
        String insert = "INSERT INTO audit_log (seq, at, event_type, outcome, username,"
                + " user_id, reason, detail, remote, mac_key_id, mac) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
        boolean single = haveHead && events.size() == 1;
        // one event (the common case inside a ledger unit): row and head update in one statement
        try (PreparedStatement ps = c.prepareStatement(single ? "WITH ins AS (" + insert + ") UPDATE audit_head"
                + " SET last_seq = ?, last_mac = ?, mac_key_id = ?, mac = ? WHERE id = 1" : insert)) {
            for (int i = 0; i < events.size(); i++) {
                AuditEvent e = events.get(i);
                seq++;
                mac = chain.entryMac(keyId, mac, seq, at, e);
                seqs[i] = seq;
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
                if (single) {
                    ps.setLong(12, seq);
                    ps.setBytes(13, mac);
                    ps.setInt(14, keyId);
                    ps.setBytes(15, chain.headMac(keyId, seq, mac));
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("audit head not updated");
                    }
                    return seqs;
                }
                ps.addBatch();
            }
            ps.executeBatch();
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
        return seqs;
    }

    /**
     * Several events after an existing head, in ONE statement (a ledger batch's records): the rows as
     * one INSERT over arrays, the head updated in the same statement.
     */
    private long[] appendMany(Connection c, List<AuditEvent> events, OffsetDateTime at, int keyId, long prevSeq,
            byte[] prevMac) throws SQLException {
        cn.yzt.ops.server.db.Reads.writeAll(c, List.of(manyAfter(at, keyId, prevSeq, prevMac, events)));
        long[] seqs = new long[events.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = prevSeq + i + 1;
        }
        return seqs;
    }

    /**
     * The statement appending EVENTS after the head (PREV_SEQ, PREV_MAC): the rows as one INSERT over
     * arrays and the head update, which must find the head still at PREV_SEQ (else 0 rows: refused).
     */
    private cn.yzt.ops.server.db.Reads.Write manyAfter(OffsetDateTime at, int keyId, long prevSeq, byte[] prevMac,
            List<AuditEvent> events) {
        int n = events.size();
        Long[] seq = new Long[n];
        String[] type = new String[n];
        String[] outcome = new String[n];
        String[] username = new String[n];
        Long[] userId = new Long[n];
        String[] reason = new String[n];
        String[] detail = new String[n];
        String[] remote = new String[n];
        byte[][] macs = new byte[n][];
        byte[] mac = prevMac;
        for (int i = 0; i < n; i++) {
            AuditEvent e = events.get(i);
            seq[i] = prevSeq + i + 1;
            mac = chain.entryMac(keyId, mac, seq[i], at, e);
            type[i] = e.type();
            outcome[i] = e.outcome().name();
            username[i] = e.username();
            userId[i] = e.userId();
            reason[i] = e.reason();
            detail[i] = e.detail();
            remote[i] = e.remote();
            macs[i] = mac;
        }
        long lastSeq = prevSeq + n;
        byte[] lastMac = mac;
        return new cn.yzt.ops.server.db.Reads.Write("WITH ins AS (INSERT INTO audit_log (seq, at, event_type, outcome,"
                + " username, user_id, reason, detail, remote, mac_key_id, mac) SELECT s, ?, t, o, u, i, r, d, m, ?, x"
                + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
                + " ?::bytea[]) AS e(s, t, o, u, i, r, d, m, x))"
                + " UPDATE audit_head SET last_seq = ?, last_mac = ?, mac_key_id = ?, mac = ? WHERE id = 1 AND last_seq = ?",
                (ps, first) -> {
                    Connection c = ps.getConnection();
                    ps.setObject(first, at);
                    ps.setInt(first + 1, keyId);
                    ps.setArray(first + 2, c.createArrayOf("bigint", seq));
                    ps.setArray(first + 3, c.createArrayOf("text", type));
                    ps.setArray(first + 4, c.createArrayOf("text", outcome));
                    ps.setArray(first + 5, c.createArrayOf("text", username));
                    ps.setArray(first + 6, c.createArrayOf("bigint", userId));
                    ps.setArray(first + 7, c.createArrayOf("text", reason));
                    ps.setArray(first + 8, c.createArrayOf("text", detail));
                    ps.setArray(first + 9, c.createArrayOf("text", remote));
                    ps.setArray(first + 10, c.createArrayOf("bytea", macs));
                    ps.setLong(first + 11, lastSeq);
                    ps.setBytes(first + 12, lastMac);
                    ps.setInt(first + 13, keyId);
                    ps.setBytes(first + 14, chain.headMac(keyId, lastSeq, lastMac));
                    ps.setLong(first + 15, prevSeq);
                    return first + 16;
                }, 1);
    }

    /** Stops the group-commit writer after the events already queued are written. */
    @Override
    public void close() {
        writer.close();
    }
}
