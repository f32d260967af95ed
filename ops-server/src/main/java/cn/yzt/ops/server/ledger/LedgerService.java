package cn.yzt.ops.server.ledger;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.LedgerReplay;
import cn.yzt.ops.protocol.ledger.MerkleTree;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Tx;

/**
 * The SM3 Merkle ledger (RFC 9162 style): appends entries, signs a tree head per batch with the
 * vault's SM2 ledger key, serves receipts and proofs. One writer at a time: an append takes a
 * transaction-scoped advisory lock, so it commits (or rolls back) with the caller's transaction
 * (see {@link Tx#joined}) and entries are committed in index order.
 */
public final class LedgerService {

    /** pg_advisory_xact_lock key of the ledger writer. */
    private static final long WRITER_LOCK = 0x4c45444745520001L;

    private final DataSource ds;
    private final KeyVault vault;
    private final Clock clock;
    private final LedgerStore store;

    public LedgerService(DataSource ds, KeyVault vault, Clock clock) {
        this.ds = ds;
        this.vault = vault;
        this.clock = clock;
        this.store = new LedgerStore(ds);
    }

    /** The current ledger public key. */
    public PublicKey publicKey() {
        return LedgerKey.current(vault);
    }

    /** Work that runs in the same transaction right after its entry is appended (it sees the receipt). */
    @FunctionalInterface
    public interface WithEntry<T> {
        T run(Connection c, Receipt receipt) throws SQLException;
    }

    /** What {@link #commit} made durable: the entry's receipt and the work's result (may be null). */
    public record Committed<T>(Receipt receipt, T result) {
    }

    /**
     * Appends {@code entry} and runs {@code work} in ONE transaction: both are durable when this
     * returns, or neither is (an exception from either rolls both back). This is the seam every
     * ledgered state change goes through, so how appends are batched and committed lives here.
     */
    public <T> Committed<T> commit(LedgerEntry entry, WithEntry<T> work) {
        return Tx.joined(ds, c -> {
            Receipt r = append(entry);
            return new Committed<>(r, work.run(c, r));
        });
    }

    public Receipt append(LedgerEntry entry) {
        return append(List.of(entry)).get(0);
    }

    /**
     * Appends a batch in the caller's transaction (or its own) and signs one tree head over it;
     * a receipt per entry. Nothing is visible, and nothing is signed durably, until commit.
     */
    public List<Receipt> append(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, WRITER_LOCK);
                ps.execute();
            }
            long size = store.sync(c);
            List<byte[]> pending = new ArrayList<>(entries.size());
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO ledger_entries (idx, leaf_hash, entry, kind, received_at) VALUES (?,?,?,?,?)")) {
                long idx = size;
                for (LedgerEntry e : entries) {
                    byte[] leaf = e.leafHash();
                    pending.add(leaf);
                    ps.setLong(1, idx++);
                    ps.setBytes(2, leaf);
                    ps.setBytes(3, e.encode());
                    ps.setString(4, e.kind().wire());
                    ps.setObject(5, OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            MerkleTree tree = new MerkleTree(store.view(size, pending));
            long newSize = size + pending.size();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            TreeHeadSigner signer = LedgerKey.signer(vault);
            SignedTreeHead sth = signer.sign(newSize, tree.rootHash(newSize), now);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, sth) VALUES (?,?,?,?,?)")) {
                ps.setLong(1, newSize);
                ps.setBytes(2, sth.treeHead().rootHash());
                ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setBytes(4, sth.treeHead().keyId());
                ps.setBytes(5, sth.encode());
                ps.executeUpdate();
            }
            List<Receipt> receipts = new ArrayList<>(pending.size());
            for (long i = size; i < newSize; i++) {
                receipts.add(Receipt.issue(tree, i, sth));
            }
            return receipts;
        });
    }

    /** The newest signed tree head, empty while the ledger is empty. */
    public Optional<SignedTreeHead> latestTreeHead() {
        return Tx.run(ds, c -> {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT sth FROM tree_heads ORDER BY tree_size DESC LIMIT 1")) {
                return rs.next() ? Optional.of(SignedTreeHead.decode(rs.getBytes(1))) : Optional.<SignedTreeHead>empty();
            }
        });
    }

    /** The stored canonical bytes of entry {@code index}. */
    public Optional<byte[]> entry(long index) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT entry FROM ledger_entries WHERE idx = ?")) {
                ps.setLong(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    /** The signed tree head of exactly {@code size} leaves, if one was signed. */
    public Optional<SignedTreeHead> treeHead(long size) {
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT sth FROM tree_heads WHERE tree_size = ?")) {
                ps.setLong(1, size);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(SignedTreeHead.decode(rs.getBytes(1))) : Optional.<SignedTreeHead>empty();
                }
            }
        });
    }

    /** Inclusion proof of leaf {@code index} in the tree of {@code size}; IllegalArgumentException when out of range. */
    public InclusionProof inclusionProof(long index, long size) {
        return new MerkleTree(store.committed()).inclusionProof(index, size);
    }

    /** Consistency proof between tree sizes; IllegalArgumentException when out of range. */
    public ConsistencyProof consistencyProof(long from, long to) {
        return new MerkleTree(store.committed()).consistencyProof(from, to);
    }

    /** Outcome of {@link #verify()}. */
    public record Report(long entries, long treeHeads, OptionalLong firstBadIndex, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /**
     * Full audit: recomputes every leaf hash from the stored entry bytes (and checks each entry
     * decodes, indexes are contiguous), then checks every tree head's signature and root.
     */
    public Report verify() {
        return Tx.run(ds, c -> verify(c));
    }

    private Report verify(Connection c) throws SQLException {
        LedgerReplay replay = new LedgerReplay();
        List<byte[]> storedLeaves = new ArrayList<>();
        OptionalLong bad = OptionalLong.empty();
        String problem = null;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("SELECT idx, leaf_hash, entry FROM ledger_entries ORDER BY idx")) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    if (idx != replay.size() && bad.isEmpty()) {
                        bad = OptionalLong.of(replay.size());
                        problem = "index gap";
                    }
                    byte[] entry = rs.getBytes(3);
                    if (bad.isEmpty()) {
                        try {
                            if (!java.util.Arrays.equals(LedgerEntry.decode(entry).encode(), entry)) {
                                throw new IllegalArgumentException("not canonical");
                            }
                        } catch (RuntimeException ex) {
                            bad = OptionalLong.of(idx);
                            problem = "entry does not decode: " + ex.getMessage();
                        }
                    }
                    replay.add(entry);
                    storedLeaves.add(rs.getBytes(2));
                }
            }
        }
        if (bad.isEmpty()) {
            OptionalLong mismatch = replay.firstMismatch(store.view(0, storedLeaves));
            if (mismatch.isPresent()) {
                bad = mismatch;
                problem = "leaf hash differs from its entry";
            }
        }
        Map<String, PublicKey> keys = LedgerKey.all(vault);
        long heads = 0;
        long lastGood = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT tree_size, sth FROM tree_heads ORDER BY tree_size")) {
            while (rs.next()) {
                heads++;
                SignedTreeHead sth = SignedTreeHead.decode(rs.getBytes(2));
                PublicKey key = keys.get(HexFormat.of().formatHex(sth.treeHead().keyId()));
                if (key == null) {
                    if (problem == null) {
                        problem = "tree head " + rs.getLong(1) + " signed by an unknown key";
                    }
                    continue;
                }
                Optional<LedgerProblem> p = replay.check(sth, new TreeHeadVerifier(key));
                if (p.isEmpty()) {
                    lastGood = Math.max(lastGood, sth.treeHead().treeSize());
                } else if (problem == null) {
                    problem = "tree head " + rs.getLong(1) + ": " + p.get();
                    if (bad.isEmpty()) {
                        // entry and leaf hash edited together: the first leaf after the last head that still matches
                        bad = OptionalLong.of(lastGood);
                    }
                }
            }
        }
        return new Report(replay.size(), heads, bad, problem);
    }
}
