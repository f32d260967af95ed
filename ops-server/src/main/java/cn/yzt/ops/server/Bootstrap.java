package cn.yzt.ops.server;

import java.security.cert.X509Certificate;
import java.util.Arrays;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.NewUser;

/**
 * First-run setup: built-in roles, the first security administrator and (optionally, recommended)
 * the first approver, each bound to their own UKEY certificate, so that two-person control exists
 * from the start. Everything after this goes through signed operations only: the security
 * administrator enrols people (user.create with certificate and roles); granting an administrator
 * or approver role is dual-control by default, so the first approver is the one who can co-sign it.
 * Runs once; an installation with users is refused.
 */
public final class Bootstrap {

    /** One initial person; the password array is wiped by {@link #initialize}. */
    public record Person(String username, String displayName, char[] password, X509Certificate certificate) {
    }

    private Bootstrap() {
    }

    /** Returns the new administrator's id. The password array is wiped. */
    public static long firstSecurityAdmin(Services s, String username, String displayName, char[] password,
            X509Certificate cert) {
        return initialize(s, new Person(username, displayName, password, cert), null)[0];
    }

    /**
     * Creates the security administrator and, when APPROVER is not null, a second person holding
     * APPROVER (another username and another certificate). Returns their ids. Passwords are wiped.
     */
    public static long[] initialize(Services s, Person admin, Person approver) {
        try {
            if (approver != null && (approver.username().equals(admin.username())
                    || Arrays.equals(encoded(approver.certificate()), encoded(admin.certificate())))) {
                throw new IllegalArgumentException("the approver must be another person with another certificate");
            }
            s.rbac().seedBuiltInRoles();
            if (s.users().count() > 0) {
                throw new IllegalStateException("already initialized: users exist");
            }
            long adminId = person(s, admin, Role.SECURITY_ADMIN);
            s.auditLog().record(AuditEvent.success("BOOTSTRAP", admin.username(), adminId, "first security administrator"));
            if (approver == null) {
                return new long[] {adminId};
            }
            long approverId = person(s, approver, Role.APPROVER);
            s.auditLog().record(AuditEvent.success("BOOTSTRAP", approver.username(), approverId, "first approver"));
            return new long[] {adminId, approverId};
        } finally {
            Arrays.fill(admin.password(), '\0');
            if (approver != null) {
                Arrays.fill(approver.password(), '\0');
            }
        }
    }

    private static long person(Services s, Person p, Role role) {
        long id = s.users().create(null, new NewUser(p.username(), p.displayName(), null, null, null), p.password().clone());
        s.rbac().grant(null, id, role);
        s.certificates().bind(null, id, p.certificate());
        // The initial people are the only accounts not created by a signed operation: the ledger says so.
        com.fasterxml.jackson.databind.node.ObjectNode details = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("username", p.username()).put("role", role.name())
                .put("certificateSm3", java.util.HexFormat.of().formatHex(sm3(encoded(p.certificate()))));
        s.ledger().adminEvent("bootstrap.person", "ops-server init", details);
        return id;
    }

    private static byte[] sm3(byte[] data) {
        org.bouncycastle.crypto.digests.SM3Digest d = new org.bouncycastle.crypto.digests.SM3Digest();
        d.update(data, 0, data.length);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (java.security.cert.CertificateEncodingException ex) {
            throw new IllegalArgumentException("unreadable certificate", ex);
        }
    }
}
