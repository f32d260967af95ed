package cn.yzt.ops.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.testing.TestServices;
import cn.yzt.ops.server.user.NewUser;

/**
 * Group commit on real PostgreSQL: callers queued together share one transaction, one signed tree
 * head and one commit; a unit that throws is rolled back alone and its caller gets that very
 * exception; a failed COMMIT gives nobody a receipt and leaves no stale cached hashes; services
 * inside a unit join the batch transaction (and an audited refusal inside a batch neither
 * deadlocks nor is lost); a second writer on the same database never interleaves.
 */
class LedgerGroupCommitTest {

    /** A unit's own failure, to check it reaches its caller unchanged. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom() {
            super("boom");
        }
    }

    private TestServices t;
    private LedgerService ledger;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        t = new TestServices();
        ledger = t.services.ledger();
        pool = Executors.newCachedThreadPool();
        t.sql("CREATE TABLE scratch (k text PRIMARY KEY)");
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        t.close();
    }

    private static LedgerEntry entry(String what) {
        return LedgerService.adminEntry("test.event", "tester",
                cn.yzt.ops.server.http.Json.MAPPER.createObjectNode().put("what", what), Instant.now());
    }

    private static void scratch(java.sql.Connection c, String k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (k) VALUES (?)")) {
            ps.setString(1, k);
            ps.executeUpdate();
        }
    }

    private static long txid(java.sql.Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT txid_current()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private <T> Future<T> async(Callable<T> c) {
        return pool.submit(c);
    }

    /** Starts a unit that holds the writer until {@code release}, so the next callers queue up into one batch. */
    private Future<LedgerService.Committed<Object>> gate(CountDownLatch release) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        Future<LedgerService.Committed<Object>> f = async(() -> ledger.commit(entry("gate"), (c, a) -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        return f;
    }

    private static Throwable failure(Future<?> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException ex) {
            return ex.getCause();
        } catch (java.util.concurrent.TimeoutException ex) {
            throw new AssertionError("no answer (deadlock?)", ex);
        }
    }

    private void verifies(Receipt r, long index) {
        byte[] stored = ledger.entry(index).orElseThrow();
        assertThat(r.leafIndex()).isEqualTo(index);
        assertThat(new ReceiptVerifier(ledger.publicKey()).verify(r, stored)).isEmpty();
    }

    @Test
    void oneBatchOneHeadOneCommitAndAFailingUnitSinksOnlyItself() throws Exception {
        var users = t.services.users();
        long admin = users.create(null, new NewUser("secadmin", "安全管理员", null, null, null), "Correct-Horse-1".toCharArray());
        t.services.rbac().grant(null, admin, Role.SECURITY_ADMIN);
        long u1 = users.create(null, new NewUser("userone", "甲", null, null, null), "Correct-Horse-1".toCharArray());
        long u2 = users.create(null, new NewUser("usertwo", "乙", null, null, null), "Correct-Horse-1".toCharArray());
        t.services.rbac().grant(admin, u2, Role.AUDITOR);

        CountDownLatch release = new CountDownLatch(1);
        var gate = gate(release);
        long[] txids = new long[2];
        Boom boom = new Boom();
        // queued in this order while the gate holds the writer: they form the next batch
        var a = async(() -> ledger.commit(entry("a"), (c, e) -> {
            txids[0] = txid(c);
            t.services.rbac().grant(admin, u1, Role.AUDITOR); // audit append inside the batch (chain lock held)
            return "a";
        }));
        Thread.sleep(100);
        var b = async(() -> ledger.commit(entry("b"), (c, e) -> {
            scratch(c, "b");
            throw boom;
        }));
        Thread.sleep(100);
        // SoD conflict: the refusal is audited with audit.record while the batch holds the chain lock
        var sod = async(() -> ledger.commit(entry("sod"), (c, e) -> {
            t.services.rbac().grant(admin, u2, Role.SECURITY_ADMIN);
            return null;
        }));
        Thread.sleep(100);
        var d = async(() -> ledger.commit(entry("d"), (c, e) -> {
            scratch(c, "d");
            // a service's own Tx.run inside the unit joins the batch transaction
            txids[1] = Tx.run(t.db.dataSource(), LedgerGroupCommitTest::txid);
            return e.leafIndex();
        }));
        Thread.sleep(300);
        release.countDown();

        assertThat(gate.get(60, TimeUnit.SECONDS).receipt().signedTreeHead().treeHead().treeSize()).isEqualTo(1);
        LedgerService.Committed<String> ra = a.get(60, TimeUnit.SECONDS);
        LedgerService.Committed<Long> rd = d.get(60, TimeUnit.SECONDS);
        assertThat(failure(b)).isSameAs(boom);
        assertThat(failure(sod)).isInstanceOf(SodViolationException.class);

        assertThat(ra.result()).isEqualTo("a");
        assertThat(rd.result()).isEqualTo(2L);
        verifies(ra.receipt(), 1);
        verifies(rd.receipt(), 2);
        // one signed head for the whole batch, one transaction for every unit in it
        assertThat(ra.receipt().signedTreeHead()).isEqualTo(rd.receipt().signedTreeHead());
        assertThat(ra.receipt().signedTreeHead().treeHead().treeSize()).isEqualTo(3);
        assertThat(txids[0]).isEqualTo(txids[1]);
        assertThat(t.count("SELECT count(*) FROM tree_heads")).isEqualTo(2);
        assertThat(t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(3);

        assertThat(t.count("SELECT count(*) FROM scratch WHERE k = 'b'")).as("failed unit rolled back").isZero();
        assertThat(t.count("SELECT count(*) FROM scratch WHERE k = 'd'")).isEqualTo(1);
        assertThat(t.services.rbac().roles(u1)).contains(Role.AUDITOR);
        assertThat(t.services.rbac().roles(u2)).doesNotContain(Role.SECURITY_ADMIN);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE event_type = 'ROLE_GRANT' AND reason = 'SOD_CONFLICT'"))
                .as("the refusal inside the batch is audited").isEqualTo(1);
        assertThat(t.services.auditVerifier().verify().intact()).isTrue();
        assertThat(ledger.verify().ok()).isTrue();
    }

    @Test
    void aFailedCommitGivesNobodyAReceiptAndLeavesNoStaleCache() throws Exception {
        t.sql("CREATE TABLE parent (k int PRIMARY KEY);"
                + "CREATE TABLE child (k int REFERENCES parent (k) DEFERRABLE INITIALLY DEFERRED)");
        CountDownLatch release = new CountDownLatch(1);
        var gate = gate(release);
        // the deferred foreign key fails only at COMMIT, after the tree head of the batch is signed
        var x = async(() -> ledger.commit(entry("x"), (c, e) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO child (k) VALUES (42)")) {
                ps.executeUpdate();
            }
            return null;
        }));
        Thread.sleep(100);
        var y = async(() -> ledger.commit(entry("y"), (c, e) -> null));
        Thread.sleep(300);
        release.countDown();
        Receipt g = gate.get(60, TimeUnit.SECONDS).receipt();
        assertThat(failure(x)).isInstanceOf(Tx.DataAccessException.class);
        assertThat(failure(y)).isInstanceOf(Tx.DataAccessException.class);
        assertThat(t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(1);
        assertThat(t.count("SELECT count(*) FROM tree_heads")).isEqualTo(1);

        // the next entry takes index 1 and its proofs hold against a fresh reader of the database
        Receipt z = ledger.append(entry("z"));
        verifies(z, 1);
        LedgerService fresh = new LedgerService(t.db.dataSource(), t.vault, Clock.systemUTC());
        assertThat(fresh.inclusionProof(0, 2).verify(g.leafHash(), z.signedTreeHead().treeHead().rootHash())).isTrue();
        assertThat(fresh.consistencyProof(1, 2).verify(g.signedTreeHead().treeHead().rootHash(),
                z.signedTreeHead().treeHead().rootHash())).isTrue();
        assertThat(ledger.verify().ok()).isTrue();
    }

    @Test
    void insideTheCallersTransactionTheAppendCommitsOrRollsBackWithIt() {
        Receipt first = ledger.append(entry("first"));
        assertThatThrownBy(() -> Tx.joined(t.db.dataSource(), c -> {
            ledger.commit(entry("inline"), (cc, e) -> {
                scratch(cc, "inline");
                return null;
            });
            throw new Boom();
        })).isInstanceOf(Boom.class);
        assertThat(t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(1);
        assertThat(t.count("SELECT count(*) FROM scratch")).isZero();
        // two inline appends in one caller transaction take consecutive indexes
        List<Receipt> two = Tx.joined(t.db.dataSource(), c -> List.of(
                ledger.commit(entry("i1"), (cc, e) -> null).receipt(), ledger.commit(entry("i2"), (cc, e) -> null).receipt()));
        verifies(two.get(0), 1);
        verifies(two.get(1), 2);
        // a ledger commit inside a ledgered unit is refused (the writer owns the batch's indexes)
        assertThatThrownBy(() -> ledger.commit(entry("outer"), (c, e) -> ledger.commit(entry("nested"), (cc, ee) -> null)))
                .isInstanceOf(IllegalStateException.class);
        verifies(ledger.append(entry("after")), 3);
        assertThat(first.leafIndex()).isZero();
        assertThat(ledger.verify().ok()).isTrue();
    }

    @Test
    void concurrentWritersInTwoServicesNeverInterleaveAndBatchSizeOneSignsEveryEntry() throws Exception {
        // a second LedgerService on the same database stands for a second server process
        LedgerService other = new LedgerService(t.db.dataSource(), t.vault, Clock.systemUTC(), 1, 16);
        List<Future<Receipt>> all = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            LedgerService l = i % 3 == 0 ? other : ledger;
            String what = "e" + i;
            all.add(async(() -> l.append(entry(what))));
        }
        Set<Long> indexes = new HashSet<>();
        for (Future<Receipt> f : all) {
            Receipt r = f.get(60, TimeUnit.SECONDS);
            verifies(r, r.leafIndex());
            indexes.add(r.leafIndex());
        }
        assertThat(indexes).hasSize(60).allMatch(i -> i >= 0 && i < 60);
        // every entry of the batch-size-1 writer has a head of its own
        assertThat(t.count("SELECT count(*) FROM tree_heads")).isGreaterThanOrEqualTo(20);
        long size = ledger.latestTreeHead().orElseThrow().treeHead().treeSize();
        assertThat(size).isEqualTo(60);
        assertThat(other.inclusionProof(5, 60).path()).usingElementComparator(java.util.Arrays::compare)
                .isEqualTo(ledger.inclusionProof(5, 60).path());
        assertThat(ledger.verify().ok()).isTrue();
        other.close();
    }

    @Test
    void adminEventsAreLedgerEntries() {
        Receipt r = ledger.adminEvent("keys.rotate", "operator", cn.yzt.ops.server.http.Json.MAPPER.createObjectNode()
                .put("purpose", "LEDGER_SM2"));
        LedgerEntry e = LedgerEntry.decode(ledger.entry(r.leafIndex()).orElseThrow());
        assertThat(e.kind()).isEqualTo(EntryKind.ADMIN_EVENT);
        assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"actor\":\"operator\",\"details\":{\"purpose\":\"LEDGER_SM2\"},\"purpose\":\"admin-event\",\"type\":\"keys.rotate\"}");
        verifies(r, 0);
        assertThatThrownBy(() -> ledger.adminEvent("Bad Type", "x", null)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Claims (operation nonces) are spent for the whole batch before its units run: a token spent
     * already refuses its unit, which never runs; a claimed token stays spent when its unit fails
     * (and the batch is re-run with savepoints); audit records of a failed unit are dropped with it.
     */
    @Test
    void claimsAreSpentOncePerBatchAndStaySpentWhenTheirUnitFails() throws Exception {
        t.sql("CREATE TABLE tokens (k text PRIMARY KEY); INSERT INTO tokens VALUES ('t1'), ('t2'), ('t3')");
        java.util.concurrent.atomic.AtomicInteger claimCalls = new java.util.concurrent.atomic.AtomicInteger();
        LedgerService.Claimer<String> tokens = ks -> cn.yzt.ops.server.db.Reads.of("DELETE FROM tokens WHERE k = ANY (?) RETURNING k",
                (ps, first) -> {
                    claimCalls.incrementAndGet();
                    ps.setArray(first, ps.getConnection().createArrayOf("text", ks.toArray()));
                    return first + 1;
                }, rs -> {
                    java.util.Set<String> spent = new java.util.HashSet<>();
                    while (rs.next()) {
                        spent.add(rs.getString(1));
                    }
                    java.util.List<RuntimeException> out = new java.util.ArrayList<>();
                    for (String k : ks) {
                        // the same token twice in one batch: the first claims it
                        out.add(spent.remove(k) ? null : new IllegalStateException("token " + k + " already spent"));
                    }
                    return out;
                });
        var audit = t.services.auditLog();
        CountDownLatch release = new CountDownLatch(1);
        var gate = gate(release);
        java.util.concurrent.atomic.AtomicBoolean replayRan = new java.util.concurrent.atomic.AtomicBoolean();
        var ok = async(() -> ledger.commit(entry("ok"), new LedgerService.Claim<>(tokens, "t1"), (c, e) -> {
            scratch(c, "ok");
            audit.append(c, cn.yzt.ops.server.audit.AuditEvent.success("TEST_OK", "tester", null, "kept"));
            return "ok";
        }));
        Thread.sleep(100);
        var replay = async(() -> ledger.commit(entry("replay"), new LedgerService.Claim<>(tokens, "t1"), (c, e) -> {
            replayRan.set(true);
            return null;
        }));
        Thread.sleep(100);
        Boom boom = new Boom();
        var fails = async(() -> ledger.commit(entry("fails"), new LedgerService.Claim<>(tokens, "t2"), (c, e) -> {
            audit.append(c, cn.yzt.ops.server.audit.AuditEvent.success("TEST_DROPPED", "tester", null, "dropped"));
            throw boom;
        }));
        Thread.sleep(300);
        int before = claimCalls.get();
        release.countDown();
        gate.get(60, TimeUnit.SECONDS);

        assertThat(ok.get(60, TimeUnit.SECONDS).result()).isEqualTo("ok");
        assertThat(failure(replay)).hasMessageContaining("t1 already spent");
        assertThat(replayRan).as("a refused claim's unit never runs").isFalse();
        assertThat(failure(fails)).isSameAs(boom);
        // first run without savepoints, then the re-run with them: one claim statement each
        assertThat(claimCalls.get() - before).isEqualTo(2);
        assertThat(t.count("SELECT count(*) FROM tokens WHERE k IN ('t1', 't2')")).as("both spent").isZero();
        assertThat(t.count("SELECT count(*) FROM tokens WHERE k = 't3'")).isEqualTo(1);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE event_type = 'TEST_OK'")).isEqualTo(1);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE event_type = 'TEST_DROPPED'")).isZero();
        assertThat(t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(2);
        assertThat(t.services.auditVerifier().verify().intact()).isTrue();
        assertThat(ledger.verify().ok()).isTrue();
    }
}
