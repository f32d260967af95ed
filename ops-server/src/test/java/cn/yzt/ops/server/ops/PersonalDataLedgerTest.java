package cn.yzt.ops.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.ledger.EvidenceExporter;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.LoginFixture.Actor;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.user.UserView;

/**
 * Personal data never in clear in the append-only ledger (real PostgreSQL, real SM2): user.create
 * signs salted SM3 commitments, the openings travel beside the CMS, are checked, handed to the
 * executor and kept sealed in personal_openings; a missing, wrong or extra opening is refused.
 */
class PersonalDataLedgerTest {

    private static final String NAME = "欧阳娜娜";
    private static final String ID_CARD = "11010519491231002X";
    private static final String PHONE = "13812345678";
    private static final String EMAIL = "ouyang.nana@example.cn";

    private static LoginFixture f;
    private static OperationService ops;
    private static Actor alice;
    private static Actor carol;


    @BeforeAll
    static void setUp() {
        f = new LoginFixture();
        ops = f.t.services.operations();
        alice = actor("alice", Role.SECURITY_ADMIN);
        carol = actor("carol", Role.APPROVER);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static Actor actor(String name, Role role) {
        return f.actor(name, role);
    }

    private static ObjectNode person(String username, String name, Object... more) {
        ObjectNode p = SignedOps.params("username", username, "displayName", name, "idCard", ID_CARD, "phone", PHONE,
                "email", EMAIL);
        p.setAll(SignedOps.params(more));
        return p;
    }

    private static OperationService.Outcome run(Actor a, ObjectNode signedParams, Map<String, PersonalData.Opening> openings) {
        return ops.perform(a.session(), a.key().cert(), SignedOps.operation(a.key(), a.name(),
                ops.issueNonce(a.session()).value(), f.server.serverId(), f.clock, "user.create", signedParams), openings);
    }

    @Test
    void theLedgerAndEvidenceHoldOnlyCommitmentsWhileTheAccountGetsThePlainValues() throws Exception {
        PersonalData.Committed c = PersonalData.commitAll("user.create", person("nana", NAME));
        OperationService.Outcome o = run(alice, c.parameters(), c.openings());
        assertFalse(o.pending());
        long id = o.result().get("id").asLong();
        UserView v = f.t.services.users().reveal(alice.id(), id);
        assertEquals(List.of(NAME, ID_CARD, PHONE, EMAIL), List.of(v.displayName(), v.idCard(), v.phone(), v.email()));
        assertNoPlainPersonalData(NAME);
        byte[] evidence = new EvidenceExporter(f.t.services.ledger(), f.t.services.rbac(), f.t.services.auditLog())
                .exportLocal("test", o.receipt().leafIndex(), new TrustMaterial(List.of(f.ca.caCert()), List.of(f.ca.currentCrl())));
        assertFalse(containsAny(evidence, NAME), "evidence bundle holds personal data in clear");
        // the sealed openings reopen to exactly what was committed, bound to their row and field
        Map<String, PersonalData.Opening> kept = openings(o.receipt().leafIndex());
        assertEquals(c.openings(), kept);
        assertEquals(NAME, kept.get("displayName").value());
        FieldProtector sealer = new FieldProtector(f.t.vault);
        byte[] blob = sealed(o.receipt().leafIndex(), "idCard");
        assertThrows(RuntimeException.class, () -> sealer.open("personal_openings", o.receipt().leafIndex(), "phone", blob));
        assertThrows(RuntimeException.class, () -> sealer.open("personal_openings", o.receipt().leafIndex() + 1, "idCard", blob));
        // the audit record masks them too
        assertEquals(0, f.t.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%" + PHONE + "%' OR detail LIKE '%"
                + ID_CARD + "%'"));
    }

    @Test
    void aWrongMissingOrExtraOpeningIsRefusedAuditedAndNothingExecutes() {
        PersonalData.Committed c = PersonalData.commitAll("user.create", person("mallory", "马洛里"));
        Map<String, PersonalData.Opening> wrong = new HashMap<>(c.openings());
        wrong.put("idCard", new PersonalData.Opening(c.openings().get("idCard").salt(), "110105194912310029"));
        Map<String, PersonalData.Opening> missing = new HashMap<>(c.openings());
        missing.remove("email");
        Map<String, PersonalData.Opening> extra = new HashMap<>(c.openings());
        extra.put("roles", PersonalData.Opening.fresh("OPERATOR"));
        PersonalData.Committed noPhone = PersonalData.commitAll("user.create", SignedOps.params("username", "mallory",
                "displayName", "马洛里"));
        Map<String, PersonalData.Opening> extraPhone = new HashMap<>(noPhone.openings());
        extraPhone.put("phone", PersonalData.Opening.fresh(PHONE));
        long before = f.t.count("SELECT count(*) FROM audit_log WHERE reason = 'PERSONAL_DATA_MISMATCH'");
        long ledger = f.t.count("SELECT count(*) FROM ledger_entries");
        for (Object[] bad : List.of(new Object[] {c, wrong}, new Object[] {c, missing}, new Object[] {c, extra},
                new Object[] {noPhone, extraPhone}, new Object[] {c, Map.of()})) {
            OperationRefusedException ex = assertThrows(OperationRefusedException.class,
                    () -> run(alice, ((PersonalData.Committed) bad[0]).parameters(), castMap(bad[1])));
            assertEquals("PERSONAL_DATA_MISMATCH", ex.reason());
        }
        // a plain value where the commitment belongs is not even well-formed
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class,
                () -> run(alice, person("mallory", "马洛里"), Map.of())).reason());
        assertTrue(f.t.services.users().idOf("mallory").isEmpty());
        assertEquals(ledger, f.t.count("SELECT count(*) FROM ledger_entries"));
        assertEquals(before + 5, f.t.count("SELECT count(*) FROM audit_log WHERE reason = 'PERSONAL_DATA_MISMATCH'"));
        // the right openings are accepted; a type without personal data refuses any opening
        assertFalse(run(alice, c.parameters(), c.openings()).pending());
        assertEquals("PERSONAL_DATA_MISMATCH", assertThrows(OperationRefusedException.class,
                () -> ops.perform(alice.session(), alice.key().cert(), SignedOps.operation(alice.key(), alice.name(),
                        ops.issueNonce(alice.session()).value(), f.server.serverId(), f.clock, "user.unlock",
                        SignedOps.params("username", "mallory")), Map.of("phone", PersonalData.Opening.fresh(PHONE)))).reason());
    }

    @Test
    void dualControlKeepsTheOpeningsForTheApproverAndExecutesWithThemOnApproval() throws Exception {
        PersonalData.Committed c = PersonalData.commitAll("user.create", person("zhao", "赵敏", "roles", List.of("APPROVER")));
        OperationService.Outcome request = run(alice, c.parameters(), c.openings());
        assertTrue(request.pending());
        assertTrue(f.t.services.users().idOf("zhao").isEmpty());
        OperationService.RequestView view = ops.pending(carol.id()).stream()
                .filter(r -> r.ledgerIndex() == request.receipt().leafIndex()).findFirst().orElseThrow();
        assertEquals(c.openings(), view.personal());
        assertTrue(view.description(Locale.SIMPLIFIED_CHINESE).contains("赵敏"), view.description(Locale.SIMPLIFIED_CHINESE));
        assertFalse(new String(view.document(), StandardCharsets.UTF_8).contains("赵敏"));
        ops.decide(carol.session(), carol.key().cert(), SignedOps.approval(carol.key(), carol.name(),
                ops.issueNonce(carol.session()).value(), f.server.serverId(), f.clock, request.receipt().leafHash(),
                "user.create", ApprovalDocument.Decision.APPROVE));
        long id = f.t.services.users().idOf("zhao").orElseThrow();
        UserView v = f.t.services.users().reveal(alice.id(), id);
        assertEquals(List.of("赵敏", ID_CARD, PHONE, EMAIL), List.of(v.displayName(), v.idCard(), v.phone(), v.email()));
        assertNoPlainPersonalData("赵敏");
    }

    @Test
    void aTamperedStoredOpeningStopsTheApproval() {
        PersonalData.Committed c = PersonalData.commitAll("user.create", person("qian", "钱多多", "roles", List.of("APPROVER")));
        OperationService.Outcome request = run(alice, c.parameters(), c.openings());
        long idx = request.receipt().leafIndex();
        // someone with the data keys re-seals another phone number: it no longer opens the signed commitment
        PersonalData.Opening forged = new PersonalData.Opening(c.openings().get("phone").salt(), "13900000000");
        byte[] blob = new FieldProtector(f.t.vault).seal("personal_openings", idx, "phone", forged.toJson().toString());
        f.t.sql("UPDATE personal_openings SET opening_enc = '\\x" + HexFormat.of().formatHex(blob)
                + "' WHERE ledger_idx = " + idx + " AND field = 'phone'");
        assertEquals("PERSONAL_DATA_MISMATCH", assertThrows(OperationRefusedException.class, () -> ops.decide(carol.session(),
                carol.key().cert(), SignedOps.approval(carol.key(), carol.name(), ops.issueNonce(carol.session()).value(),
                        f.server.serverId(), f.clock, request.receipt().leafHash(), "user.create",
                        ApprovalDocument.Decision.APPROVE))).reason());
        assertTrue(f.t.services.users().idOf("qian").isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, PersonalData.Opening> castMap(Object o) {
        return (Map<String, PersonalData.Opening>) o;
    }

    /** No ledger row, in its raw bytes or its text form, holds any personal value in clear. */
    private static void assertNoPlainPersonalData(String name) {
        List<byte[]> rows = Tx.run(f.t.db.dataSource(), c -> {
            List<byte[]> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT entry, convert_to(x::text, 'UTF8') FROM ledger_entries x");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                    out.add(rs.getBytes(2));
                }
            }
            return out;
        });
        assertTrue(rows.size() > 2);
        for (byte[] row : rows) {
            assertFalse(containsAny(row, name), "a ledger row holds personal data in clear");
        }
    }

    private static boolean containsAny(byte[] haystack, String name) {
        for (String v : List.of(name, ID_CARD, PHONE, EMAIL)) {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            String hex = HexFormat.of().formatHex(utf8);
            if (indexOf(haystack, utf8) >= 0 || indexOf(haystack, hex.getBytes(StandardCharsets.US_ASCII)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] h, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= h.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] sealed(long idx, String field) {
        return Tx.run(f.t.db.dataSource(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT opening_enc FROM personal_openings WHERE ledger_idx = ? AND field = ?")) {
                ps.setLong(1, idx);
                ps.setString(2, field);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "no opening row for " + field);
                    return rs.getBytes(1);
                }
            }
        });
    }

    /** Every opening row of the entry, opened with an independent FieldProtector over the same vault. */
    private static Map<String, PersonalData.Opening> openings(long idx) {
        FieldProtector sealer = new FieldProtector(f.t.vault);
        Map<String, PersonalData.Opening> out = new HashMap<>();
        for (String field : List.of("displayName", "idCard", "phone", "email")) {
            out.put(field, PersonalData.Opening.fromJson(field,
                    StrictJson.parse(sealer.open("personal_openings", idx, field, sealed(idx, field)))));
        }
        assertEquals(4, f.t.count("SELECT count(*) FROM personal_openings WHERE ledger_idx = " + idx));
        return out;
    }
}
