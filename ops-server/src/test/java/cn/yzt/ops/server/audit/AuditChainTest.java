package cn.yzt.ops.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.db.Database;
import cn.yzt.ops.server.testing.TestPostgres;
import cn.yzt.ops.server.testing.TestVault;

/** Direct SQL edits, deletions and insertions in the audit log are found by the verifier. */
class AuditChainTest {

    private static final Database DB = TestPostgres.freshDatabase();
    private final TestVault vault = new TestVault();
    private AuditLog log;
    private AuditVerifier verifier;

    @BeforeEach
    void fill() throws Exception {
        sql("DELETE FROM audit_log; DELETE FROM audit_head");
        log = new AuditLog(DB.dataSource(), vault, Clock.systemUTC());
        verifier = new AuditVerifier(DB.dataSource(), vault);
        for (int i = 0; i < 5; i++) {
            log.record(AuditEvent.failure("LOGIN", "user" + i, null, "LOGIN_BAD_PASSWORD", "attempt " + i));
        }
    }

    @AfterAll
    static void close() {
        DB.close();
    }

    @Test
    void intactChainVerifies() {
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.intact()).as(r.describe()).isTrue();
        assertThat(r.checked()).isEqualTo(5);
    }

    @Test
    void editedRowIsFoundAndNamed() throws Exception {
        sql("UPDATE audit_log SET reason = 'LOGIN_OK' WHERE seq = 3");
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(3);
    }

    @Test
    void flippedMacByteIsFound() throws Exception {
        sql("UPDATE audit_log SET mac = set_byte(mac, 0, get_byte(mac, 0) # 1) WHERE seq = 2");
        assertThat(verifier.verify().brokenAt()).isEqualTo(2);
    }

    @Test
    void deletedMiddleRowIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 2");
        assertThat(verifier.verify().brokenAt()).isEqualTo(2);
    }

    @Test
    void deletedTailIsFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq >= 4");
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenAt()).isEqualTo(4);
    }

    @Test
    void rowsRenumberedAfterDeletionAreFound() throws Exception {
        sql("DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq - 1 WHERE seq > 3");
        assertThat(verifier.verify().brokenAt()).isEqualTo(3);
    }

    @Test
    void keyRotationKeepsOldEntriesVerifiable() {
        vault.rotate(cn.yzt.ops.server.crypto.KeyPurpose.AUDIT_MAC);
        log.record(AuditEvent.success("LOGIN", "user9", 9L, null));
        assertThat(verifier.verify().intact()).isTrue();
    }

    private static void sql(String s) throws Exception {
        try (Connection c = TestPostgres.ownerConnection(DB); Statement st = c.createStatement()) {
            st.execute(s);
        }
    }
}
