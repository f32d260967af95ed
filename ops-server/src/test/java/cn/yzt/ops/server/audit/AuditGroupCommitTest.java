package cn.yzt.ops.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.db.Database;
import cn.yzt.ops.server.testing.TestPostgres;
import cn.yzt.ops.server.testing.TestVault;

/** Group commit: concurrent appends end up as one gap-free, verifying chain; one bad unit sinks only itself. */
class AuditGroupCommitTest {

    private static final Database DB = TestPostgres.freshDatabase();
    private final TestVault vault = new TestVault();
    private AuditLog log;

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = TestPostgres.ownerConnection(DB); Statement st = c.createStatement()) {
            st.execute("DELETE FROM audit_log; DELETE FROM audit_head");
        }
        log = new AuditLog(DB.dataSource(), vault, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void concurrentRecordsAndInTransactionAppendsFormOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> seqs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            seqs.add(pool.submit(() -> n % 10 == 0
                    // some appends inside callers' own transactions, racing with the batches
                    ? cn.yzt.ops.server.db.Tx.run(DB.dataSource(), c -> log.append(c, AuditEvent.failure("OP", "u" + n, null, "R", null)))
                    : log.record(AuditEvent.failure("LOGIN", "u" + n, null, "BAD_PASSWORD", "attempt " + n))));
        }
        List<Long> got = new ArrayList<>();
        for (Future<Long> f : seqs) {
            got.add(f.get());
        }
        pool.shutdown();
        assertThat(got).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 400);
        AuditVerifier.Result r = new AuditVerifier(DB.dataSource(), vault).verify();
        assertThat(r.intact()).as(r.describe()).isTrue();
        assertThat(r.checked()).isEqualTo(400);
    }

    @Test
    void recordWithCommitsWorkAndEventTogetherAndAFailingUnitOnlyFailsItself() throws Exception {
        try (Connection c = TestPostgres.ownerConnection(DB); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS group_commit_probe (v int PRIMARY KEY); DELETE FROM group_commit_probe");
        }
        assertThat((int) log.<Integer>recordWith(c -> insert(c, 1), v -> AuditEvent.failure("PROBE", "u", null, "R", "v" + v))).isEqualTo(1);
        // a duplicate key: its work and its event vanish, the caller gets the error
        assertThatThrownBy(() -> log.recordWith(c -> insert(c, 1), v -> AuditEvent.failure("PROBE", "u", null, "R", "dup")))
                .isInstanceOf(RuntimeException.class);
        assertThat((int) log.<Integer>recordWith(c -> insert(c, 2), v -> AuditEvent.failure("PROBE", "u", null, "R", "v" + v))).isEqualTo(2);
        try (Connection c = DB.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), string_agg(detail, ',' ORDER BY seq) FROM audit_log")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getString(2)).isEqualTo("v1,v2");
        }
        assertThat(new AuditVerifier(DB.dataSource(), vault).verify().intact()).isTrue();
    }

    private static int insert(Connection c, int v) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO group_commit_probe (v) VALUES (?)")) {
            ps.setInt(1, v);
            ps.executeUpdate();
        }
        return v;
    }
}
