package cn.yzt.ops.server.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.ops.OperationRefusedException;
import cn.yzt.ops.server.ops.OperationService;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;

/** Dual control: a policy-listed operation waits for another person's signed approval. */
class DualControlTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private LoginFixture f;
    private LedgerService ledger;
    private OperationService ops;
    private TestPki.Identity alice;
    private TestPki.Identity carol;
    private Session aliceS;
    private Session carolS;
    private long bobId;

    @BeforeEach
    void setUp() {
        f = new LoginFixture();
        ledger = new LedgerService(f.t.db.dataSource(), f.t.vault, f.clock);
        ops = new OperationService(f.t.db.dataSource(), f.t.services.users(), f.t.services.rbac(),
                f.t.services.certificates(), f.t.services.auditLog(), ledger, f.checker, f.server.serverId(),
                Duration.ofMinutes(2), Duration.ofMinutes(5), f.clock);
        alice = f.account("alice");
        long aliceId = f.t.services.users().idOf("alice").orElseThrow();
        f.t.services.rbac().grant(null, aliceId, Role.SECURITY_ADMIN);
        f.t.services.rbac().grant(null, aliceId, Role.APPROVER);
        carol = f.account("carol");
        long carolId = f.t.services.users().idOf("carol").orElseThrow();
        f.t.services.rbac().grant(null, carolId, Role.APPROVER);
        f.account("bob");
        bobId = f.t.services.users().idOf("bob").orElseThrow();
        aliceS = f.t.services.sessions().create(aliceId, "alice", alice.cert()).session();
        carolS = f.t.services.sessions().create(carolId, "carol", carol.cert()).session();
        f.t.sql("INSERT INTO op_policy (type, dual_control) VALUES ('role.grant', true)");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private byte[] sign(TestPki.Identity id, SignedDocument doc) {
        return OperationSigner.builder().signerCertificate(id.cert()).clock(f.clock).build().sign(doc, signer(id.key()));
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private byte[] request() {
        return sign(alice, OperationDocument.builder().type("role.grant").operator("alice")
                .signerCertSm3(SignedDocuments.certificateSm3(alice.cert())).nonce(ops.issueNonce(aliceS).value())
                .issuedAt(f.clock.instant()).serverId(f.server.serverId()).parameter("username", "bob")
                .parameter("role", "AUDITOR").build());
    }

    private byte[] approval(TestPki.Identity id, String who, Session s, byte[] leaf, ApprovalDocument.Decision d) {
        return sign(id, ApprovalDocument.builder().decision(d).requestLeafHash(leaf).requestType("role.grant").operator(who)
                .signerCertSm3(SignedDocuments.certificateSm3(id.cert())).nonce(ops.issueNonce(s).value())
                .issuedAt(f.clock.instant()).serverId(f.server.serverId()).build());
    }

    private String lastReason() {
        try (Connection c = f.t.db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT reason FROM audit_log WHERE event_type = 'OPERATION' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void requestWaitsThenAnotherPersonApproves() {
        Receipt req = ops.submit(aliceS, alice.cert(), request());
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.AUDITOR));
        assertEquals(1, ops.pending(f.t.services.users().idOf("carol").orElseThrow()).size());

        // the requester may not approve her own request
        OperationRefusedException self = assertThrows(OperationRefusedException.class, () -> ops.decide(aliceS, alice.cert(),
                approval(alice, "alice", aliceS, req.leafHash(), ApprovalDocument.Decision.APPROVE)));
        assertEquals("APPROVAL_BY_REQUESTER", self.reason());
        assertEquals("APPROVAL_BY_REQUESTER", lastReason());
        // an approval naming another request
        byte[] other = req.leafHash();
        other[0] ^= 1;
        OperationRefusedException wrong = assertThrows(OperationRefusedException.class, () -> ops.decide(carolS, carol.cert(),
                approval(carol, "carol", carolS, other, ApprovalDocument.Decision.APPROVE)));
        assertEquals("APPROVAL_WRONG_REQUEST", wrong.reason());
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.AUDITOR));
        assertEquals(1, f.t.count("SELECT count(*) FROM ledger_entries"));

        Receipt ok = ops.decide(carolS, carol.cert(), approval(carol, "carol", carolS, req.leafHash(), ApprovalDocument.Decision.APPROVE));
        assertTrue(f.t.services.rbac().roles(bobId).contains(Role.AUDITOR));
        assertEquals(Optional.empty(), new ReceiptVerifier(ledger.publicKey()).verify(ok));
        assertEquals(0, ops.pending(f.t.services.users().idOf("carol").orElseThrow()).size());
        // decided once only
        OperationRefusedException again = assertThrows(OperationRefusedException.class, () -> ops.decide(carolS, carol.cert(),
                approval(carol, "carol", carolS, req.leafHash(), ApprovalDocument.Decision.APPROVE)));
        assertEquals("REQUEST_NOT_PENDING", again.reason());
        assertTrue(ledger.verify().ok());
    }

    @Test
    void rejectionExecutesNothing() {
        Receipt req = ops.submit(aliceS, alice.cert(), request());
        ops.decide(carolS, carol.cert(), approval(carol, "carol", carolS, req.leafHash(), ApprovalDocument.Decision.REJECT));
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.AUDITOR));
        assertEquals(1, f.t.count("SELECT count(*) FROM op_requests WHERE status = 'rejected'"));
        assertEquals(2, f.t.count("SELECT count(*) FROM ledger_entries"));
    }
}
