package cn.yzt.ops.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.crypto.Sm2;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.MapLayer;
import cn.yzt.ops.protocol.map.PlanningStatus;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.map.DemoData;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.LoginFixture.Actor;
import cn.yzt.ops.server.testing.TestPki;

/** Every operation type through the signed path (service level, real PostgreSQL, real SM2). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationTypesServiceTest {

    private static LoginFixture f;
    private static OperationService ops;
    private static Actor alice;
    private static Actor carol;
    private static Actor sam;
    private static Actor kim;
    private static Actor audrey;
    private static Actor oscar;


    @BeforeAll
    static void setUp() {
        f = new LoginFixture();
        ops = f.t.services.operations();
        ops.keyRotator(f.t.vault::rotate);
        alice = actor("alice", Role.SECURITY_ADMIN);
        carol = actor("carol", Role.APPROVER);
        sam = actor("sam", Role.SYSTEM_ADMIN);
        kim = actor("kim", Role.KEY_ADMIN);
        audrey = actor("audrey", Role.AUDITOR);
        oscar = actor("oscar", Role.OPERATOR);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static Actor actor(String name, Role role) {
        return f.actor(name, role);
    }

    /** Signs and performs, with personal values committed and their openings beside, as the console does. */
    private static OperationService.Outcome run(Actor a, String type, ObjectNode p) {
        cn.yzt.ops.protocol.operation.PersonalData.Committed c = cn.yzt.ops.protocol.operation.PersonalData.commitAll(type, p);
        return ops.perform(a.session(), a.key().cert(), SignedOps.operation(a.key(), a.name(),
                ops.issueNonce(a.session()).value(), f.server.serverId(), f.clock, type, c.parameters()), c.openings());
    }

    private static Receipt decide(Actor a, Receipt request, String type, ApprovalDocument.Decision d) {
        return ops.decide(a.session(), a.key().cert(), SignedOps.approval(a.key(), a.name(),
                ops.issueNonce(a.session()).value(), f.server.serverId(), f.clock, request.leafHash(), type, d));
    }

    private static Receipt approve(Actor a, OperationService.Outcome request, String type) {
        assertTrue(request.pending(), type + " should wait for a second person");
        return decide(a, request.receipt(), type, ApprovalDocument.Decision.APPROVE);
    }

    private static String ledgerResult(long index) {
        return LedgerEntry.decode(f.t.services.ledger().entry(index).orElseThrow()).result();
    }

    @Test
    @Order(1)
    void userCreateEnrolsWithCertificateAndRolesAndAServerMadePassword() {
        TestPki.Identity doraKey = f.ca.issue("dora");
        OperationService.Outcome o = run(alice, "user.create", SignedOps.params("username", "dora", "displayName", "多拉",
                "phone", "13900001111", "certificate", SignedOps.certificate(doraKey.cert()), "roles", List.of("OPERATOR")));
        assertFalse(o.pending());
        long id = o.result().get("id").asLong();
        String pw = o.result().get("initialPassword").asText();
        assertTrue(f.t.services.users().passwordMatches(f.t.services.users().forLogin("dora").orElseThrow(), pw.toCharArray()));
        assertTrue(f.t.services.certificates().isBound(id, doraKey.cert()));
        assertEquals(java.util.Set.of(Role.OPERATOR), f.t.services.rbac().roles(id));
        assertEquals(0, f.t.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%" + pw + "%'"));
        // with an approver role among the roles, the role.grant:APPROVER policy makes it dual-control
        OperationService.Outcome withApprover = run(alice, "user.create", SignedOps.params("username", "eve",
                "displayName", "伊芙", "roles", List.of("APPROVER")));
        assertTrue(withApprover.pending());
        assertTrue(f.t.services.users().idOf("eve").isEmpty());
        approve(carol, withApprover, "user.create");
        long eve = f.t.services.users().idOf("eve").orElseThrow();
        assertEquals(java.util.Set.of(Role.APPROVER), f.t.services.rbac().roles(eve));
        // the new account's password went to the requester, sealed, once
        JsonNode r = ops.takeResult(alice.id(), withApprover.receipt().leafHash());
        assertEquals(eve, r.get("id").asLong());
        assertThrows(NoSuchElementException.class, () -> ops.takeResult(alice.id(), withApprover.receipt().leafHash()));
        // conflicting roles in one enrolment are refused before anything is written
        assertEquals("SOD_CONFLICT", assertThrows(OperationRefusedException.class, () -> run(alice, "user.create",
                SignedOps.params("username", "fred", "displayName", "弗雷德", "roles", List.of("OPERATOR", "KEY_ADMIN"))))
                .reason());
        assertTrue(f.t.services.users().idOf("fred").isEmpty());
    }

    @Test
    @Order(2)
    void passwordResetNeverPutsThePasswordInTheSignedDocument() {
        OperationService.Outcome o = run(sam, "user.password.reset", SignedOps.params("username", "dora"));
        String pw = o.result().get("oneTimePassword").asText();
        assertTrue(f.t.services.users().passwordMatches(f.t.services.users().forLogin("dora").orElseThrow(), pw.toCharArray()));
        byte[] entry = f.t.services.ledger().entry(o.receipt().leafIndex()).orElseThrow();
        String cms = new String(LedgerEntry.decode(entry).payload(), StandardCharsets.ISO_8859_1);
        assertFalse(cms.contains(pw));
        assertTrue(cms.contains("user.password.reset"));
        assertEquals(0, f.t.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%" + pw + "%'"));
        // not on oneself
        assertEquals("PERMISSION_DENIED", assertThrows(OperationRefusedException.class,
                () -> run(sam, "user.password.reset", SignedOps.params("username", "sam"))).reason());
    }

    @Test
    @Order(3)
    void revealIsDualControlAndOnlyTheRequesterGetsTheData() {
        OperationService.Outcome o = run(alice, "user.reveal", SignedOps.params("username", "dora"));
        assertTrue(o.pending());
        OperationService.RequestView pending = ops.pending(carol.id()).stream()
                .filter(v -> java.util.Arrays.equals(v.leafHash(), o.receipt().leafHash())).findFirst().orElseThrow();
        assertEquals("alice", pending.requester());
        assertEquals("查看用户 dora 的完整个人信息（不脱敏）", pending.description(Locale.SIMPLIFIED_CHINESE));
        assertTrue(new String(pending.document(), StandardCharsets.UTF_8).contains("\"type\":\"user.reveal\""));
        // someone who is neither the requester nor an approver does not see it
        assertThrows(NoSuchElementException.class, () -> ops.request(sam.id(), o.receipt().leafHash()));
        approve(carol, o, "user.reveal");
        assertThrows(NoSuchElementException.class, () -> ops.takeResult(carol.id(), o.receipt().leafHash()));
        OperationService.RequestView mine = ops.mine(alice.id()).stream()
                .filter(v -> java.util.Arrays.equals(v.leafHash(), o.receipt().leafHash())).findFirst().orElseThrow();
        assertEquals("approved", mine.status());
        assertEquals("carol", mine.decidedBy());
        assertTrue(mine.resultWaiting());
        JsonNode data = ops.takeResult(alice.id(), o.receipt().leafHash());
        assertEquals("13900001111", data.get("phone").asText());
        assertEquals("多拉", data.get("displayName").asText());
        assertEquals(1, f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'PERSONAL_DATA_REVEAL'"));
        assertEquals(0, f.t.count("SELECT count(*) FROM op_requests WHERE result_enc IS NOT NULL"));
    }

    @Test
    @Order(4)
    void certificateBindAndUnbind() {
        TestPki.Identity second = f.ca.issue("dora-2");
        long binding = run(alice, "cert.bind", SignedOps.params("username", "dora", "certificate",
                SignedOps.certificate(second.cert()))).result().get("bindingId").asLong();
        long dora = f.t.services.users().idOf("dora").orElseThrow();
        assertTrue(f.t.services.certificates().isBound(dora, second.cert()));
        run(alice, "cert.unbind", SignedOps.params("username", "dora", "bindingId", binding));
        assertFalse(f.t.services.certificates().isBound(dora, second.cert()));
        // a binding of another user
        long aliceBinding = f.t.services.certificates().forUser(alice.id()).get(0).id();
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class, () -> run(alice, "cert.unbind",
                SignedOps.params("username", "dora", "bindingId", aliceBinding))).reason());
    }

    @Test
    @Order(5)
    void rolePermissionsChangeOnlyThroughSignedOperationsAndKeepSeparationOfDuties() {
        run(alice, "role.permission.revoke", SignedOps.params("role", "OPERATOR", "permission", "MAP_PUBLISH"));
        assertFalse(f.t.services.rbac().permissions(oscar.id()).contains(Permission.MAP_PUBLISH));
        f.t.services.rbac().seedBuiltInRoles(); // a restart does not bring it back
        assertFalse(f.t.services.rbac().permissions(oscar.id()).contains(Permission.MAP_PUBLISH));
        approve(carol, run(alice, "role.permission.grant", SignedOps.params("role", "OPERATOR", "permission", "MAP_PUBLISH")),
                "role.permission.grant");
        assertTrue(f.t.services.rbac().permissions(oscar.id()).contains(Permission.MAP_PUBLISH));
        // the system administrator may not absorb the auditor's duty (refused when executed)
        OperationService.Outcome sod = run(alice, "role.permission.grant",
                SignedOps.params("role", "SYSTEM_ADMIN", "permission", "AUDIT_READ"));
        assertEquals("SOD_CONFLICT", assertThrows(OperationRefusedException.class,
                () -> approve(carol, sod, "role.permission.grant")).reason());
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class, () -> run(alice,
                "role.permission.grant", SignedOps.params("role", "OPERATOR", "permission", "GOD_MODE"))).reason());
        assertFalse(f.t.services.rbac().permissions(sam.id()).contains(Permission.AUDIT_READ));
    }

    @Test
    @Order(6)
    void keyRotationIsDualControl() {
        int before = f.t.vault.currentId(KeyPurpose.DATA_SM4);
        OperationService.Outcome o = run(kim, "key.rotate", SignedOps.params("purpose", "DATA_SM4"));
        assertEquals(before, f.t.vault.currentId(KeyPurpose.DATA_SM4));
        approve(carol, o, "key.rotate");
        assertEquals(before + 1, f.t.vault.currentId(KeyPurpose.DATA_SM4));
        assertEquals(1, f.t.count("SELECT count(*) FROM key_versions WHERE purpose = 'DATA_SM4' AND key_id = " + (before + 1)));
        assertEquals(before + 1, ops.takeResult(kim.id(), o.receipt().leafHash()).get("keyId").asInt());
        // old data stays readable: dora's phone was sealed under the previous key
        assertEquals("13900001111", f.t.services.users().reveal(alice.id(), f.t.services.users().idOf("dora").orElseThrow()).phone());
    }

    @Test
    @Order(7)
    void auditExportLedgersTheFilterAndTheSm3OfTheCsv() {
        OperationService.Outcome o = run(audrey, "audit.export", SignedOps.params("eventType", "OPERATION", "limit", 100));
        Receipt approval = approve(carol, o, "audit.export");
        JsonNode r = ops.takeResult(audrey.id(), o.receipt().leafHash());
        String csv = r.get("csv").asText();
        assertTrue(csv.startsWith("seq,at,type"));
        byte[] sm3 = Sm2.sm3(csv.getBytes(StandardCharsets.UTF_8));
        assertEquals("accepted.sm3-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sm3),
                ledgerResult(approval.leafIndex()));
        assertEquals("pending", ledgerResult(o.receipt().leafIndex()));
    }

    @Test
    @Order(8)
    void sessionRevoke() {
        Session s = f.t.services.sessions().create(sam.id(), "sam", sam.key().cert()).session();
        run(alice, "session.revoke", SignedOps.params("sessionId", s.id()));
        assertEquals(1, f.t.count("SELECT count(*) FROM sessions WHERE end_reason = 'REVOKED'"));
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class,
                () -> run(alice, "session.revoke", SignedOps.params("sessionId", s.id()))).reason());
    }

    @Test
    @Order(9)
    void policySetIsAlwaysDualControl() {
        f.t.sql("DELETE FROM op_policy WHERE type = 'policy.set'");
        OperationService.Outcome o = run(alice, "policy.set", SignedOps.params("type", "user.unlock", "dualControl", true));
        approve(carol, o, "policy.set");
        f.t.services.users().recordFailure(oscar.id(), 1);
        OperationService.Outcome unlock = run(alice, "user.unlock", SignedOps.params("username", "oscar"));
        assertTrue(unlock.pending());
        approve(carol, unlock, "user.unlock");
        assertEquals(0, f.t.count("SELECT count(*) FROM users WHERE username = 'oscar' AND locked_at IS NOT NULL"));
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class,
                () -> run(alice, "policy.set", SignedOps.params("type", "policy.set", "dualControl", false))).reason());
        // and without the permission (an auditor)
        assertEquals("PERMISSION_DENIED", assertThrows(OperationRefusedException.class,
                () -> run(audrey, "policy.set", SignedOps.params("type", "user.unlock", "dualControl", false))).reason());
    }

    @Test
    @Order(10)
    void mapLayerPublishAndParcelStatusChangeCheckedAgainstTheStoredStatus() {
        DemoData.load(f.t.services.maps(), f.t.services.auditLog(), 40);
        f.t.services.maps().reload();
        Feature parcel = null;
        for (MapLayer l : new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, 40).generate().layers()) {
            for (Feature x : l.features()) {
                if (parcel == null && x.attribute(Attributes.PARCEL_CODE) != null) {
                    parcel = x;
                }
            }
        }
        assertNotNull(parcel);
        String code = parcel.attribute(Attributes.PARCEL_CODE);
        PlanningStatus now = java.util.Arrays.stream(PlanningStatus.values())
                .filter(s -> s.nameZh().equals(f.t.services.maps().parcel(code).orElseThrow().attribute(Attributes.PLANNING_STATUS)))
                .findFirst().orElseThrow();
        PlanningStatus next = now == PlanningStatus.APPROVED_CHANGE ? PlanningStatus.EXISTING : PlanningStatus.APPROVED_CHANGE;
        // a wrong "before" is refused at execution, and the request stays pending
        OperationService.Outcome wrong = run(oscar, "map.parcel.status", SignedOps.params("code", code, "from", next.name(),
                "to", now.name()));
        assertEquals("INVALID_PARAMETERS", assertThrows(OperationRefusedException.class,
                () -> approve(carol, wrong, "map.parcel.status")).reason());
        approve(carol, run(oscar, "map.parcel.status", SignedOps.params("code", code, "from", now.name(), "to", next.name())),
                "map.parcel.status");
        f.t.services.maps().reload();
        assertEquals(next.nameZh(), f.t.services.maps().parcel(code).orElseThrow().attribute(Attributes.PLANNING_STATUS));
        String layer = f.t.services.maps().layers().get(0).id();
        assertEquals(0, f.t.count("SELECT count(*) FROM map_layers WHERE published_at IS NOT NULL"));
        approve(carol, run(oscar, "map.layer.publish", SignedOps.params("layerId", layer)), "map.layer.publish");
        assertEquals(1, f.t.count("SELECT count(*) FROM map_layers WHERE published_by = " + oscar.id()));
        // an approver alone may not publish
        assertEquals("PERMISSION_DENIED", assertThrows(OperationRefusedException.class,
                () -> run(carol, "map.layer.publish", SignedOps.params("layerId", layer))).reason());
    }

    @Test
    @Order(99)
    void expiredRequestsAreShownExpiredAndTheirApprovalIsRefusedAndAudited() {
        OperationService.Outcome o = run(alice, "user.reveal", SignedOps.params("username", "dora"));
        f.clock.advance(Duration.ofHours(25));
        f.refreshCrl();
        assertTrue(ops.pending(carol.id()).stream().noneMatch(v -> java.util.Arrays.equals(v.leafHash(), o.receipt().leafHash())));
        assertEquals("expired", ops.request(alice.id(), o.receipt().leafHash()).status());
        long ledger = f.t.count("SELECT count(*) FROM ledger_entries");
        assertEquals("REQUEST_EXPIRED", assertThrows(OperationRefusedException.class, () -> approve(carol, o, "user.reveal"))
                .reason());
        assertEquals(ledger, f.t.count("SELECT count(*) FROM ledger_entries"));
        assertEquals(1, f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'OPERATION' AND reason = 'REQUEST_EXPIRED'"));
        assertNull(ops.request(alice.id(), o.receipt().leafHash()).decidedBy());
    }
}
