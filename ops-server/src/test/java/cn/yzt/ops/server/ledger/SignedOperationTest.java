package cn.yzt.ops.server.ledger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.ops.OperationRefusedException;
import cn.yzt.ops.server.ops.OperationService;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;

/** Issue 4, server half: signed operations end to end over real PostgreSQL. */
class SignedOperationTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private LoginFixture f;
    private LedgerService ledger;
    private OperationService ops;
    private TestPki.Identity alice;
    private long aliceId;
    private long bobId;
    private Session session;

    @BeforeEach
    void setUp() {
        f = new LoginFixture();
        ledger = new LedgerService(f.t.db.dataSource(), f.t.vault, f.clock);
        ops = new OperationService(f.t.db.dataSource(), f.t.services.users(), f.t.services.rbac(),
                f.t.services.certificates(), f.t.services.auditLog(), ledger, f.checker, f.server.serverId(),
                Duration.ofMinutes(2), Duration.ofMinutes(5), f.clock);
        alice = f.account("alice");
        aliceId = f.t.services.users().idOf("alice").orElseThrow();
        f.t.services.rbac().grant(null, aliceId, Role.SECURITY_ADMIN);
        f.account("bob");
        bobId = f.t.services.users().idOf("bob").orElseThrow();
        session = f.t.services.sessions().create(aliceId, "alice", alice.cert()).session();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private byte[] sign(TestPki.Identity id, String operator, byte[] nonce, String type, Map<String, String> params) {
        OperationDocument.Builder b = OperationDocument.builder().type(type).operator(operator)
                .signerCertSm3(SignedDocuments.certificateSm3(id.cert())).nonce(nonce).issuedAt(f.clock.instant())
                .serverId(f.server.serverId());
        params.forEach(b::parameter);
        return OperationSigner.builder().signerCertificate(id.cert()).clock(f.clock).build().sign(b.build(), signer(id.key()));
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(key);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private byte[] grantOperator() {
        return sign(alice, "alice", ops.issueNonce(session).value(), "role.grant", Map.of("username", "bob", "role", "OPERATOR"));
    }

    private String lastOperationReason() {
        try (Connection c = f.t.db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT reason FROM audit_log WHERE event_type = 'OPERATION' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    private OperationRefusedException refused(byte[] cms, X509Certificate tlcp) {
        return assertThrows(OperationRefusedException.class, () -> ops.submit(session, tlcp, cms));
    }

    @Test
    void acceptedOperationExecutesAndReturnsAVerifiableReceipt() {
        Receipt r = ops.submit(session, alice.cert(), grantOperator());
        assertTrue(f.t.services.rbac().roles(bobId).contains(Role.OPERATOR));
        assertEquals(0, r.leafIndex());
        assertEquals(Optional.empty(), new ReceiptVerifier(ledger.publicKey()).verify(r));
        assertEquals(1, f.t.count("SELECT count(*) FROM ledger_entries"));

        // a second operation type: unlock (lock bob first)
        f.t.services.users().recordFailure(bobId, 1);
        assertEquals(1, f.t.count("SELECT count(*) FROM users WHERE locked_at IS NOT NULL AND id = " + bobId));
        Receipt r2 = ops.submit(session, alice.cert(),
                sign(alice, "alice", ops.issueNonce(session).value(), "user.unlock", Map.of("username", "bob")));
        assertEquals(1, r2.leafIndex());
        assertEquals(0, f.t.count("SELECT count(*) FROM users WHERE locked_at IS NOT NULL AND id = " + bobId));
        assertEquals(Optional.empty(), new ReceiptVerifier(ledger.publicKey()).verify(r2));

        // consistency between the two signed tree heads
        SignedTreeHead older = ledger.treeHead(1).orElseThrow();
        SignedTreeHead newer = ledger.latestTreeHead().orElseThrow();
        assertEquals(2, newer.treeHead().treeSize());
        ConsistencyProof p = ledger.consistencyProof(1, 2);
        assertEquals(Optional.empty(), new TreeHeadVerifier(ledger.publicKey()).verifyConsistency(older, newer, p));
        assertTrue(ledger.inclusionProof(0, 2).verify(r.leafHash(), newer.treeHead().rootHash()));
        assertTrue(ledger.verify().ok());
    }

    @Test
    void replayedNonceIsRefusedAndNothingExecuted() {
        byte[] cms = grantOperator();
        ops.submit(session, alice.cert(), cms);
        f.t.services.rbac().revoke(f.secAdmin, bobId, Role.OPERATOR);
        assertEquals("NONCE_UNKNOWN_OR_USED", refused(cms, alice.cert()).reason());
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.OPERATOR));
        assertEquals("NONCE_UNKNOWN_OR_USED", lastOperationReason());
        assertEquals(1, f.t.count("SELECT count(*) FROM ledger_entries"));
    }

    @Test
    void modifiedByteIsRefused() {
        byte[] cms = grantOperator();
        // change one byte of the signed content ("OPERATOR" -> "OPERATSR")
        String s = new String(cms, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("OPERATOR") + 6;
        cms[at] = 'S';
        OperationRefusedException ex = refused(cms, alice.cert());
        assertEquals("DIGEST_MISMATCH", ex.reason());
        assertEquals("DIGEST_MISMATCH", lastOperationReason());
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.OPERATOR));
        assertEquals(0, f.t.count("SELECT count(*) FROM ledger_entries"));
    }

    @Test
    void unboundSignerCertificateIsRefused() {
        TestPki.Identity other = f.ca.issue("alice");  // trusted, but not bound to alice
        byte[] cms = sign(other, "alice", ops.issueNonce(session).value(), "role.grant",
                Map.of("username", "bob", "role", "OPERATOR"));
        assertEquals("CERT_NOT_BOUND", refused(cms, other.cert()).reason());
        // and with the session's own TLCP certificate it is not the TLCP client cert either
        byte[] cms2 = sign(other, "alice", ops.issueNonce(session).value(), "role.grant",
                Map.of("username", "bob", "role", "OPERATOR"));
        assertEquals("SIGNER_NOT_TLCP_CLIENT_CERT", refused(cms2, alice.cert()).reason());
        assertEquals("SIGNER_NOT_TLCP_CLIENT_CERT", lastOperationReason());
        assertFalse(f.t.services.rbac().roles(bobId).contains(Role.OPERATOR));
        assertEquals(0, f.t.count("SELECT count(*) FROM ledger_entries"));
    }

    @Test
    void failedExecutionLeavesNoLedgerEntry() {
        byte[] cms = sign(alice, "alice", ops.issueNonce(session).value(), "role.grant",
                Map.of("username", "nobody", "role", "OPERATOR"));
        assertEquals("INVALID_PARAMETERS", refused(cms, alice.cert()).reason());
        assertEquals(0, f.t.count("SELECT count(*) FROM ledger_entries"));
        assertEquals(0, f.t.count("SELECT count(*) FROM tree_heads"));
    }

    @Test
    void ledgerRowsAreAppendOnlyAndEditsAreNamedByVerify() {
        for (int i = 0; i < 3; i++) {
            ops.submit(session, alice.cert(), sign(alice, "alice", ops.issueNonce(session).value(),
                    i % 2 == 0 ? "role.grant" : "role.revoke", Map.of("username", "bob", "role", "OPERATOR")));
        }
        assertThrows(IllegalStateException.class, () -> f.t.sql("UPDATE ledger_entries SET kind = 'login' WHERE idx = 1"));
        assertThrows(IllegalStateException.class, () -> f.t.sql("DELETE FROM ledger_entries WHERE idx = 2"));
        assertThrows(IllegalStateException.class, () -> f.t.sql("UPDATE tree_heads SET signed_at = now()"));
        assertTrue(ledger.verify().ok());

        // the owner disables the guard and edits an entry's bytes (still a well-formed entry)
        f.t.sql("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;"
                + "UPDATE ledger_entries SET entry = convert_to(replace(convert_from(entry, 'UTF8'), '\"result\":\"accepted\"',"
                + " '\"result\":\"refused\"'), 'UTF8') WHERE idx = 1;"
                + "ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only");
        LedgerService.Report rep = ledger.verify();
        assertFalse(rep.ok());
        assertEquals(1, rep.firstBadIndex().getAsLong());

        // and also recomputes the stored leaf hash: the signed tree heads still name the index
        byte[] edited;
        try (Connection c = f.t.db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT entry FROM ledger_entries WHERE idx = 1")) {
            rs.next();
            edited = rs.getBytes(1);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
        f.t.sql("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only;"
                + "UPDATE ledger_entries SET leaf_hash = '\\x" + java.util.HexFormat.of().formatHex(
                        cn.yzt.ops.protocol.ledger.LedgerHash.leaf(edited)) + "' WHERE idx = 1;"
                + "ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only");
        LedgerService.Report rep2 = ledger.verify();
        assertFalse(rep2.ok());
        assertEquals(1, rep2.firstBadIndex().getAsLong());
    }
}
