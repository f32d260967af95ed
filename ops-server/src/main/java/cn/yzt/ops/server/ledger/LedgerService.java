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

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.LedgerProblem;
import cn.yzt.ops.protocol.ledger.MerkleTree;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadSigner;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.db.Reads;
import cn.yzt.ops.server.db.Tx;

/**
 * The SM3 Merkle ledger (RFC 9162 style): appends entries, signs a tree head per batch with the
 * vault's SM2 ledger key, serves receipts and proofs. One writer at a time: a batch takes a
 * transaction-scoped advisory lock, so a second server process on the same database cannot
 * interleave, and entries are committed in index order. Appends go through {@link #commit}, which
 * batches concurrent callers into one transaction ({@link GroupCommitWriter}); roots and proofs
 * come from in-memory complete-subtree hashes ({@link SubtreeHashes}), O(log n) per append.
 */
public final class LedgerService implements AutoCloseable {

    /** pg_advisory_xact_lock key of the ledger writer. */
    private static final long WRITER_LOCK = 0x4c45444745520001L;
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;

    private final DataSource ds;
    private final KeyVault vault;
    private final Clock clock;
    private final LedgerStore store;
    private final GroupCommitWriter writer;
    private volatile CachedSigner signer;

    /** The ledger signer of one key version (deriving the public key costs a point multiplication). */
    private record CachedSigner(int keyVersion, TreeHeadSigner signer) {
    }

    public LedgerService(DataSource ds, KeyVault vault, Clock clock) {
        this(ds, vault, clock, DEFAULT_MAX_BATCH, DEFAULT_QUEUE_CAPACITY);
    }

    /** @param maxBatch most units per group-commit transaction (1 = one commit per append) */
    public LedgerService(DataSource ds, KeyVault vault, Clock clock, int maxBatch, int queueCapacity) {
        this.ds = ds;
        this.vault = vault;
        this.clock = clock;
        this.store = new LedgerStore(ds);
        this.writer = new GroupCommitWriter(ds, new Appender(), maxBatch, queueCapacity);
    }

    DataSource dataSource() {
        return ds;
    }

    /**
     * Loads the committed leaf hashes into memory and checks them against the newest signed tree
     * head (at server start, so a mismatch stops the start rather than a later append); returns
     * the number of entries. IllegalStateException when they do not match.
     */
    public long load() {
        return store.sync();
    }

    /** The current ledger public key. */
    public PublicKey publicKey() {
        return LedgerKey.current(vault);
    }

    /** Where a unit's entry went, known inside its transaction (the signed head comes after the batch). */
    public record Appended(long leafIndex, byte[] leafHash) {
        public Appended {
            leafHash = leafHash.clone();
        }

        @Override
        public byte[] leafHash() {
            return leafHash.clone();
        }
    }

    /** Work that runs in the same transaction right after its entry is appended. */
    @FunctionalInterface
    public interface WithEntry<T> {
        T run(Connection c, Appended entry) throws SQLException;
    }

    /** What {@link #commit} made durable: the entry's receipt and the work's result (may be null). */
    public record Committed<T>(Receipt receipt, T result) {
    }

    /**
     * Spends single-use tokens of one kind (operation nonces) for a whole batch in one statement,
     * in the batch transaction but outside the units: a token stays spent when its unit then fails,
     * and is spent only if the batch commits.
     */
    @FunctionalInterface
    public interface Claimer<T> {
        /**
         * One statement that claims every token (sent with the batch's opening reads, in one round
         * trip); its result per token, in order: null if claimed now, else the exception that refuses
         * its unit. The same token may come twice in one batch (a concurrent replay): only the first
         * may succeed.
         */
        Reads.Read<List<RuntimeException>> claim(List<T> tokens);
    }

    /** A unit's token and who spends it. */
    public record Claim<T>(Claimer<T> claimer, T token) {
    }

    /** Receipts for the leaves of one signed batch. */
    interface Receipts {
        Receipt receipt(long index);
    }

    /**
     * Appends {@code entry} and runs {@code work} in ONE transaction: both are durable when this
     * returns, or neither is (an exception from either rolls both back and reaches the caller
     * unchanged). Concurrent callers share the transaction, the signed tree head and the commit
     * (group commit); services called in {@code work} join it through {@link Tx#run}. Called inside
     * a transaction of the caller's own ({@link Tx#joined}), it appends in that transaction instead.
     */
    public <T> Committed<T> commit(LedgerEntry entry, WithEntry<T> work) {
        return commit(entry, null, work);
    }

    /**
     * As {@link #commit(LedgerEntry, WithEntry)}, with {@code claim} spent first (batched with the
     * other units' claims); a refused claim fails the call with the claimer's exception and neither
     * the entry nor the work happen.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> Committed<T> commit(LedgerEntry entry, Claim<?> claim, WithEntry<T> work) {
        if (Tx.inUnit(ds)) {
            // the batch's writer owns the indexes of this transaction
            throw new IllegalStateException("a ledger commit cannot nest inside another ledgered unit");
        }
        if (Tx.active(ds)) {
            return Tx.run(ds, c -> {
                if (claim != null) {
                    RuntimeException refused = (RuntimeException) ((List<?>) Reads.one(c,
                            ((Claimer) claim.claimer()).claim(List.of(claim.token())))).get(0);
                    if (refused != null) {
                        throw refused;
                    }
                }
                List<byte[]> leaves = lockAndPeek(c);
                long size = store.cachedSize() + leaves.size();
                byte[] leaf = insert(c, size, entry);
                T r = work.run(c, new Appended(size, leaf));
                leaves.add(leaf);
                return new Committed<>(sign(c, store.cachedSize(), leaves).receipt(size), r);
            });
        }
        return (Committed<T>) writer.submit(entry, claim, work);
    }

    /**
     * Opens SINK with every group-commit batch (in its first round trip) and sends its write with the
     * batch's rows and head (the audit chain: its records of a batch then cost no round trip of their own).
     */
    public void writeAlong(Tx.BatchSink<?> sink) {
        writer.writeAlong(sink);
    }

    public Receipt append(LedgerEntry entry) {
        return commit(entry, (c, a) -> null).receipt();
    }

    /**
     * Appends a batch in one transaction (the caller's, or its own) and signs one tree head over it;
     * a receipt per entry. Nothing is visible, and nothing is signed durably, until commit.
     */
    public List<Receipt> append(List<LedgerEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        if (Tx.inUnit(ds)) {
            throw new IllegalStateException("a ledger commit cannot nest inside another ledgered unit");
        }
        return Tx.joined(ds, c -> {
            // the caller's transaction may hold uncommitted rows: they are pending, never cached
            List<byte[]> leaves = lockAndPeek(c);
            long cached = store.cachedSize();
            long first = cached + leaves.size();
            for (LedgerEntry e : entries) {
                leaves.add(insert(c, cached + leaves.size(), e));
            }
            Receipts r = sign(c, cached, leaves);
            List<Receipt> out = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                out.add(r.receipt(first + i));
            }
            return out;
        });
    }

    /**
     * Records an administrative event (CLI init/bootstrap, key rotation, map import, session
     * revocation, ...) as an ADMIN_EVENT entry; its payload is the canonical JSON
     * {"actor":..,"details":{..},"type":..}. Returns the receipt once durable.
     */
    public Receipt adminEvent(String type, String actor, JsonNode details) {
        return commit(adminEntry(type, actor, details, clock.instant()), (c, a) -> null).receipt();
    }

    /** As {@link #adminEvent(String, String, JsonNode)}, committed together with {@code work} (both or neither). */
    public <T> Committed<T> adminEvent(String type, String actor, JsonNode details, WithEntry<T> work) {
        return commit(adminEntry(type, actor, details, clock.instant()), work);
    }

    /** The ADMIN_EVENT entry {@link #adminEvent} appends (for callers that commit it with their own work). */
    public static LedgerEntry adminEntry(String type, String actor, JsonNode details, Instant at) {
        return new LedgerEntry(EntryKind.ADMIN_EVENT, LedgerPayloads.adminEvent(type, actor, details),
                LedgerEntry.ACCEPTED, at.truncatedTo(ChronoUnit.MICROS));
    }

    /** For a caller's transaction: the writer lock, then the rows beyond the cache (left uncached). */
    private List<byte[]> lockAndPeek(Connection c) throws SQLException {
        lock(c);
        store.sync(); // committed rows of others, on a connection of its own
        return store.beyond(c, store.cachedSize());
    }

    private static void lock(Connection c) throws SQLException {
        Reads.one(c, LOCK);
    }

    /** Takes the transaction-scoped writer lock (waits for another writer's commit). */
    private static final Reads.Read<Void> LOCK = Reads.of("SELECT pg_advisory_xact_lock(?)",
            (ps, first) -> {
                ps.setLong(first, WRITER_LOCK);
                return first + 1;
            }, rs -> null);

    /**
     * A batch's entry rows as one INSERT over arrays (a fixed statement the server keeps prepared,
     * whatever the batch size) and its signed head.
     */
    private static final String INSERT_ROWS = "INSERT INTO ledger_entries (idx, leaf_hash, entry, kind, received_at)"
            + " SELECT * FROM unnest(?::bigint[], ?::bytea[], ?::bytea[], ?::text[], ?::timestamptz[])";
    private static final String INSERT_HEAD = "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, sth) VALUES (?,?,?,?,?)";

    /**
     * Signs one head over the committed leaves plus the batch's, then writes ALONG (the batch sinks'
     * statements), the rows and the head in one round trip; receipts.
     */
    private Receipts signAndInsert(Connection c, long size, List<GroupCommitWriter.Item> items, List<Reads.Write> along)
            throws SQLException {
        List<byte[]> leaves = new ArrayList<>(items.size());
        for (GroupCommitWriter.Item i : items) {
            leaves.add(i.leaf);
        }
        MerkleTree tree = new MerkleTree(store.view(size, leaves));
        long newSize = size + leaves.size();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SignedTreeHead sth = signer().sign(newSize, tree.rootHash(newSize), now);
        int n = items.size();
        Long[] idx = new Long[n];
        byte[][] leaf = new byte[n][];
        byte[][] entry = new byte[n][];
        String[] kind = new String[n];
        String[] at = new String[n];
        for (int k = 0; k < n; k++) {
            GroupCommitWriter.Item i = items.get(k);
            idx[k] = size + k;
            leaf[k] = i.leaf;
            entry[k] = i.encoded;
            kind[k] = i.entry.kind().wire();
            at[k] = OffsetDateTime.ofInstant(i.entry.receivedAt(), ZoneOffset.UTC).toString();
        }
        List<Reads.Write> writes = new ArrayList<>(along);
        writes.add(new Reads.Write(INSERT_ROWS, (ps, first) -> {
            ps.setArray(first, c.createArrayOf("bigint", idx));
            ps.setArray(first + 1, c.createArrayOf("bytea", leaf));
            ps.setArray(first + 2, c.createArrayOf("bytea", entry));
            ps.setArray(first + 3, c.createArrayOf("text", kind));
            ps.setArray(first + 4, c.createArrayOf("text", at));
            return first + 5;
        }, n));
        writes.add(new Reads.Write(INSERT_HEAD, (ps, first) -> {
            ps.setLong(first, newSize);
            ps.setBytes(first + 1, sth.treeHead().rootHash());
            ps.setObject(first + 2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setBytes(first + 3, sth.treeHead().keyId());
            ps.setBytes(first + 4, sth.encode());
            return first + 5;
        }, 1));
        Reads.writeAll(c, writes);
        return index -> Receipt.issue(tree, index, sth);
    }

    private static final String INSERT_ENTRY =
            "INSERT INTO ledger_entries (idx, leaf_hash, entry, kind, received_at) VALUES (?,?,?,?,?)";

    private static byte[] insert(Connection c, long idx, LedgerEntry e) throws SQLException {
        byte[] encoded = e.encode();
        byte[] leaf = cn.yzt.ops.protocol.ledger.LedgerHash.leaf(encoded);
        try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
            bindEntry(ps, idx, leaf, encoded, e);
            ps.executeUpdate();
        }
        return leaf;
    }

    private static void bindEntry(PreparedStatement ps, long idx, byte[] leaf, byte[] encoded, LedgerEntry e)
            throws SQLException {
        ps.setLong(1, idx);
        ps.setBytes(2, leaf);
        ps.setBytes(3, encoded);
        ps.setString(4, e.kind().wire());
        ps.setObject(5, OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC));
    }

    /** Signs and stores one tree head over the committed leaves plus {@code pending}; receipts for them. */
    private Receipts sign(Connection c, long size, List<byte[]> pending) throws SQLException {
        MerkleTree tree = new MerkleTree(store.view(size, pending));
        long newSize = size + pending.size();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SignedTreeHead sth = signer().sign(newSize, tree.rootHash(newSize), now);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tree_heads (tree_size, root_hash, signed_at, key_id, sth) VALUES (?,?,?,?,?)")) {
            ps.setLong(1, newSize);
            ps.setBytes(2, sth.treeHead().rootHash());
            ps.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setBytes(4, sth.treeHead().keyId());
            ps.setBytes(5, sth.encode());
            ps.executeUpdate();
        }
        return index -> Receipt.issue(tree, index, sth);
    }

    private TreeHeadSigner signer() {
        int version = vault.currentId(KeyPurpose.LEDGER_SM2);
        CachedSigner s = signer;
        if (s == null || s.keyVersion() != version) {
            s = new CachedSigner(version, LedgerKey.signer(vault));
            signer = s;
        }
        return s.signer();
    }

    /** The group-commit writer's view of this ledger. */
    private final class Appender implements GroupCommitWriter.BatchAppender {
        @Override
        public GroupCommitWriter.Opening opening() {
            long from = store.cachedSize();
            return new GroupCommitWriter.Opening() {
                @Override
                public List<Reads.Read<?>> reads() {
                    // the writer lock first: the rows read after it are all that others committed
                    return List.of(LOCK, store.beyondRead(from));
                }

                @Override
                @SuppressWarnings("unchecked")
                public long begin(Connection c, List<Object> results) throws SQLException {
                    return store.synced(c, from, (List<byte[]>) results.get(1));
                }
            };
        }

        @Override
        public Receipts finish(Connection c, long size, List<GroupCommitWriter.Item> accepted, List<Reads.Write> along)
                throws SQLException {
            return signAndInsert(c, size, accepted, along);
        }

        @Override
        public void committed(long size, List<byte[]> leaves) {
            store.committed(size, leaves);
        }
    }

    /** Writes what is queued, then stops taking new appends. */
    @Override
    public void close() {
        writer.close();
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
        return new MerkleTree(store.committed(size)).inclusionProof(index, size);
    }

    /** Consistency proof between tree sizes; IllegalArgumentException when out of range. */
    public ConsistencyProof consistencyProof(long from, long to) {
        return new MerkleTree(store.committed(to)).consistencyProof(from, to);
    }

    /** A receipt for entry {@code index} against the signed head {@code sth} (which must contain it). */
    public Receipt receipt(long index, SignedTreeHead sth) {
        return Receipt.issue(new MerkleTree(store.committed(sth.treeHead().treeSize())), index, sth);
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

    /**
     * Recomputed leaf hashes go into a {@link SubtreeHashes} of their own, so each signed head's root
     * is checked in O(log n): the whole audit is O(n + heads * log n), not O(n * heads).
     */
    private Report verify(Connection c) throws SQLException {
        SubtreeHashes recomputed = new SubtreeHashes();
        long n = 0;
        OptionalLong bad = OptionalLong.empty();
        String problem = null;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("SELECT idx, leaf_hash, entry FROM ledger_entries ORDER BY idx")) {
                while (rs.next()) {
                    long idx = rs.getLong(1);
                    if (idx != n && bad.isEmpty()) {
                        bad = OptionalLong.of(n);
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
                    byte[] leaf = cn.yzt.ops.protocol.ledger.LedgerHash.leaf(entry);
                    recomputed.append(n, List.of(leaf));
                    if (bad.isEmpty() && !java.security.MessageDigest.isEqual(leaf, rs.getBytes(2))) {
                        bad = OptionalLong.of(n);
                        problem = "leaf hash differs from its entry";
                    }
                    n++;
                }
            }
        }
        Map<String, PublicKey> keys = LedgerKey.all(vault);
        Map<String, TreeHeadVerifier> verifiers = new java.util.HashMap<>();
        long heads = 0;
        long lastGood = 0;
        try (Statement st = c.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("SELECT tree_size, sth FROM tree_heads ORDER BY tree_size")) {
                while (rs.next()) {
                    heads++;
                    SignedTreeHead sth = SignedTreeHead.decode(rs.getBytes(2));
                    String keyId = HexFormat.of().formatHex(sth.treeHead().keyId());
                    PublicKey key = keys.get(keyId);
                    if (key == null) {
                        if (problem == null) {
                            problem = "tree head " + rs.getLong(1) + " signed by an unknown key";
                        }
                        continue;
                    }
                    Optional<LedgerProblem> p = verifiers.computeIfAbsent(keyId, k -> new TreeHeadVerifier(key)).verify(sth);
                    long size = sth.treeHead().treeSize();
                    if (p.isEmpty() && size > n) {
                        p = Optional.of(LedgerProblem.PROOF_MISMATCH);
                    } else if (p.isEmpty() && !java.security.MessageDigest.isEqual(size == 0
                            ? cn.yzt.ops.protocol.ledger.LedgerHash.empty() : recomputed.hash(0, size), sth.treeHead().rootHash())) {
                        p = Optional.of(LedgerProblem.ROOT_MISMATCH);
                    }
                    if (p.isEmpty()) {
                        lastGood = Math.max(lastGood, size);
                    } else if (problem == null) {
                        problem = "tree head " + rs.getLong(1) + ": " + p.get();
                        if (bad.isEmpty()) {
                            // entry and leaf hash edited together: the first leaf after the last head that still matches
                            bad = OptionalLong.of(lastGood);
                        }
                    }
                }
            }
        }
        return new Report(n, heads, bad, problem);
    }
}
