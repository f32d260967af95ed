package cn.yzt.ops.server;

import java.security.cert.X509Certificate;

import cn.yzt.ops.server.audit.AuditEvent;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.NewUser;

/**
 * First-run setup: built-in roles and the first security administrator bound to a certificate,
 * so a fresh install can be operated at all. Runs once; an installation with users is refused.
 */
public final class Bootstrap {

    private Bootstrap() {
    }

    /** Returns the new administrator's id. The password array is wiped. */
    public static long firstSecurityAdmin(Services s, String username, String displayName, char[] password,
            X509Certificate cert) {
        s.rbac().seedBuiltInRoles();
        if (s.users().count() > 0) {
            java.util.Arrays.fill(password, '\0');
            throw new IllegalStateException("already initialized: users exist");
        }
        long id = s.users().create(null, new NewUser(username, displayName, null, null, null), password);
        s.rbac().grant(null, id, Role.SECURITY_ADMIN);
        s.certificates().bind(null, id, cert);
        s.auditLog().record(AuditEvent.success("BOOTSTRAP", username, id, "first security administrator"));
        return id;
    }
}
