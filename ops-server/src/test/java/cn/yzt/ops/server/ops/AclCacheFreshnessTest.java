package cn.yzt.ops.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.LoginFixture.Actor;

/**
 * The checks before a signed operation read the signer's permissions, bindings and the dual-control
 * policy from an in-memory cache (rbac.AclCache). A change made through this server must hold for
 * the very next operation, whoever made it and however it was committed: a role revoked by another
 * administrator's signed operation, a certificate unbound, a policy tightened.
 */
class AclCacheFreshnessTest {

    private LoginFixture f;
    private OperationService ops;
    private Actor alice;
    private Actor bob;

    @BeforeEach
    void setUp() {
        f = new LoginFixture();
        ops = f.t.services.operations();
        alice = f.actor("alice", Role.SECURITY_ADMIN);
        bob = f.actor("bob", Role.SECURITY_ADMIN);
        f.account("target");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Receipt run(Actor a, String type, ObjectNode p) {
        return ops.submit(a.session(), a.key().cert(), SignedOps.operation(a.key(), a.name(),
                ops.issueNonce(a.session()).value(), f.server.serverId(), f.clock, type, p));
    }

    private String refusal(Actor a, String type, ObjectNode p) {
        return assertThrows(OperationRefusedException.class, () -> run(a, type, p)).reason();
    }

    private static ObjectNode grantOperator() {
        return SignedOps.params("username", "target", "role", "OPERATOR");
    }

    @Test
    void aRoleRevokedBySignedOperationIsRefusedAtTheNextOperation() {
        // alice's permissions are now cached
        assertNotNull(run(alice, "role.grant", grantOperator()));
        assertNotNull(run(alice, "role.revoke", grantOperator()));
        assertNotNull(f.t.services.rbac().acl().get("permissions", alice.id(), alice.id()), "cached");
        // bob revokes alice's SECURITY_ADMIN through the signed path: her cached permissions are stale at once
        assertNotNull(run(bob, "role.revoke", SignedOps.params("username", "alice", "role", "SECURITY_ADMIN")));
        assertNull(f.t.services.rbac().acl().get("permissions", alice.id(), alice.id()));
        assertEquals("PERMISSION_DENIED", refusal(alice, "role.grant", grantOperator()));
        // and a grant made directly (bootstrap path, its own transaction) holds at once too
        f.t.services.rbac().grant(null, alice.id(), Role.SECURITY_ADMIN);
        assertNotNull(run(alice, "role.grant", grantOperator()));
    }

    @Test
    void anUnboundCertificateIsRefusedAtTheNextOperation() {
        assertNotNull(run(alice, "role.grant", grantOperator()));
        long binding = f.t.services.certificates().forUser(alice.id()).get(0).id();
        f.t.services.certificates().unbind(bob.id(), binding);
        assertEquals("CERT_NOT_BOUND", refusal(alice, "role.revoke", grantOperator()));
    }

    @Test
    void aPolicyMadeDualControlBySignedOperationsHoldsAtTheNextOperation() {
        Actor carol = f.actor("carol", Role.APPROVER);
        assertNotNull(run(alice, "role.grant", grantOperator())); // alice's checks and the policy are cached
        // policy.set is always dual-control: alice asks, carol approves
        var request = ops.perform(alice.session(), alice.key().cert(), SignedOps.operation(alice.key(), alice.name(),
                ops.issueNonce(alice.session()).value(), f.server.serverId(), f.clock, "policy.set",
                SignedOps.params("type", "role.revoke", "dualControl", true)));
        assertEquals(true, request.pending());
        assertNotNull(ops.decide(carol.session(), carol.key().cert(), SignedOps.approval(carol.key(), carol.name(),
                ops.issueNonce(carol.session()).value(), f.server.serverId(), f.clock, request.receipt().leafHash(),
                "policy.set", cn.yzt.ops.protocol.operation.ApprovalDocument.Decision.APPROVE)));
        var outcome = ops.perform(alice.session(), alice.key().cert(), SignedOps.operation(alice.key(), alice.name(),
                ops.issueNonce(alice.session()).value(), f.server.serverId(), f.clock, "role.revoke", grantOperator()));
        assertEquals(true, outcome.pending(), "the revoke now waits for a second person");
    }
}
