package cn.yzt.ops.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;

/**
 * Refusals on the signed path not covered elsewhere: each is refused, audited with its reason, and
 * executes nothing (every application table's rows unchanged, no ledger entry).
 */
class OperationRefusalTest {

    private static LoginFixture f;
    private static OperationService ops;
    private static long aliceId;

    @BeforeAll
    static void setUp() {
        f = new LoginFixture();
        ops = f.t.services.operations();
        f.account("alice");
        aliceId = f.t.services.users().idOf("alice").orElseThrow();
        f.t.services.rbac().grant(null, aliceId, Role.SECURITY_ADMIN);
        f.account("bob");
        f.t.services.users().recordFailure(f.t.services.users().idOf("bob").orElseThrow(), 1); // bob locked
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    /** A person with a fresh certificate bound to alice, and a session over that certificate. */
    private static Object[] aliceWith(TestPki.Identity id) {
        f.t.services.certificates().bind(null, aliceId, id.cert());
        Session s = f.t.services.sessions().create(aliceId, "alice", id.cert()).session();
        return new Object[] {id, s};
    }

    private static byte[] op(TestPki.Identity id, Session s, Clock signerClock, String type, ObjectNode p) {
        return SignedOps.operation(id, "alice", ops.issueNonce(s).value(), f.server.serverId(), signerClock, type, p);
    }

    private static void refusedWith(String reason, String detailPart, TestPki.Identity id, Session s, byte[] cms) {
        String before = state();
        OperationRefusedException ex = assertThrows(OperationRefusedException.class, () -> ops.perform(s, id.cert(), cms));
        assertEquals(reason, ex.reason());
        String[] audited = lastRefusal();
        assertEquals(reason, audited[0]);
        if (detailPart != null) {
            assertTrue(audited[1].contains(detailPart), audited[1]);
        }
        assertEquals(before, state(), "nothing may change");
    }

    @Test
    void revokedCertificate() {
        TestPki.Identity id = f.ca.issue("alice-revoked");
        Object[] a = aliceWith(id);
        f.ca.revoke(id.cert());
        f.refreshCrl();
        try {
            refusedWith("CERT_REVOKED", null, id, (Session) a[1],
                    op(id, (Session) a[1], f.clock, "user.unlock", SignedOps.params("username", "bob")));
        } finally {
            f.refreshCrl();
        }
    }

    @Test
    void expiredCertificate() {
        TestPki.Identity id = f.ca.issue("alice-expired", f.clock.instant().minus(Duration.ofDays(10)),
                f.clock.instant().minus(Duration.ofDays(1)), KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
        Object[] a = aliceWith(id);
        refusedWith("CERT_EXPIRED", null, id, (Session) a[1],
                op(id, (Session) a[1], f.clock, "user.unlock", SignedOps.params("username", "bob")));
    }

    @Test
    void clockSkewBeyondTheBound() {
        TestPki.Identity id = f.ca.issue("alice-skew");
        Object[] a = aliceWith(id);
        Clock fast = Clock.fixed(f.clock.instant().plus(Duration.ofMinutes(6)), ZoneOffset.UTC); // bound: 300 s
        refusedWith("CLOCK_SKEW", null, id, (Session) a[1],
                op(id, (Session) a[1], fast, "user.unlock", SignedOps.params("username", "bob")));
    }

    @Test
    void integersBeyondTwoToThe53AndUnknownOrMissingParameters() {
        TestPki.Identity id = f.ca.issue("alice-params");
        Session s = (Session) aliceWith(id)[1];
        // 2^53 + 2 is an exact double, so its canonical form survives JCS: refused by the type rules
        refusedWith("INVALID_PARAMETERS", "parameters.bindingId", id, s, op(id, s, f.clock, "cert.unbind",
                SignedOps.params("username", "bob", "bindingId", (1L << 53) + 2)));
        refusedWith("INVALID_PARAMETERS", "parameters.reason", id, s, op(id, s, f.clock, "user.unlock",
                SignedOps.params("username", "bob", "reason", "forgot")));
        refusedWith("INVALID_PARAMETERS", "parameters.username", id, s, op(id, s, f.clock, "user.unlock",
                SignedOps.params()));
        refusedWith("UNKNOWN_OPERATION_TYPE", "user.delete", id, s, op(id, s, f.clock, "user.delete",
                SignedOps.params("username", "bob")));
        // and the well-formed operation from the same session executes (the refusals were about their input)
        ops.perform(s, id.cert(), op(id, s, f.clock, "user.unlock", SignedOps.params("username", "bob")));
        assertEquals(0, f.t.count("SELECT count(*) FROM users WHERE username = 'bob' AND locked_at IS NOT NULL"));
        f.t.services.users().recordFailure(f.t.services.users().idOf("bob").orElseThrow(), 1);
    }

    private static String[] lastRefusal() {
        try (Connection c = f.t.db.connection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT reason, detail FROM audit_log WHERE event_type = 'OPERATION'"
                        + " AND outcome <> 'SUCCESS' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {null, null};
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Row counts and md5 of every table an operation could change. */
    static String state() {
        StringBuilder sb = new StringBuilder();
        for (String t : List.of("users", "user_roles", "role_permissions", "user_certs", "key_versions", "op_policy",
                "op_requests", "ledger_entries", "sessions", "map_layers")) {
            try (Connection c = f.t.db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM " + t + " x")) {
                rs.next();
                sb.append(t).append('=').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(';');
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }
}
