package cn.yzt.ops.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.testing.TestServices;

/** Users with protected personal data, RBAC rows with MACs, separation of duties, cert binding. */
class UsersAndRolesTest {

    private static TestServices t;
    private static UserService users;
    private static Rbac rbac;
    private static long secAdmin;
    private static long sysAdmin;

    @BeforeAll
    static void setUp() {
        t = new TestServices();
        users = t.services.users();
        rbac = t.services.rbac();
        secAdmin = users.create(null, new NewUser("secadmin", "安全管理员", null, null, null), pw());
        rbac.grant(null, secAdmin, Role.SECURITY_ADMIN);
        sysAdmin = users.create(null, new NewUser("sysadmin", "系统管理员", null, null, null), pw());
        rbac.grant(null, sysAdmin, Role.SYSTEM_ADMIN);
    }

    @AfterAll
    static void tearDown() {
        t.close();
    }

    private static char[] pw() {
        return "Correct-Horse-1".toCharArray();
    }

    private static long newUser(String name) {
        return users.create(sysAdmin, new NewUser(name, "张三丰", "11010519491231002X", "138 0000 1111", "Zhang.San@Example.cn"), pw());
    }

    @Test
    void personalDataIsEncryptedMaskedAndRevealedOnlyByTheRevealCall() {
        long id = newUser("zhangsan");
        assertThat(t.count("SELECT count(*) FROM users WHERE id = " + id
                + " AND position('13800001111' in encode(phone_enc, 'escape')) = 0")).isEqualTo(1);
        UserView masked = users.view(sysAdmin, id);
        assertThat(masked.phone()).isEqualTo("138****1111");
        assertThat(masked.idCard()).isEqualTo("110105********002X");
        assertThat(masked.displayName()).isEqualTo("张**");
        assertThat(masked.email()).isEqualTo("z***@example.cn");
        // PERSONAL_DATA_REVEAL does not unmask reads: revealing is only the signed, ledgered user.reveal
        UserView stillMasked = users.view(secAdmin, id);
        assertThat(stillMasked.phone()).isEqualTo("138****1111");
        assertThat(stillMasked.revealed()).isFalse();
        assertThat(users.list(secAdmin, 100)).filteredOn(v -> v.id() == id).singleElement()
                .satisfies(v -> assertThat(v.displayName()).isEqualTo("张**"));
        UserView revealed = users.reveal(secAdmin, id);
        assertThat(revealed.phone()).isEqualTo("13800001111");
        assertThat(revealed.displayName()).isEqualTo("张三丰");
        assertThat(users.findByPhone(sysAdmin, "13800001111")).extracting(UserView::id).contains(id);
    }

    @Test
    void invalidInputIsRefusedAndPasswordWiped() {
        char[] p = pw();
        assertThatThrownBy(() -> users.create(sysAdmin, new NewUser("x", "n", null, null, null), p))
                .isInstanceOf(InvalidInputException.class);
        assertThat(new String(p)).doesNotContain("Correct");
        assertThatThrownBy(() -> users.create(sysAdmin, new NewUser("baduser", "n", "110105194912310021", null, null), pw()))
                .isInstanceOf(InvalidInputException.class).hasMessage("invalid.idCard");
        assertThatThrownBy(() -> users.create(sysAdmin, new NewUser("baduser", "n", null, null, null), "short".toCharArray()))
                .hasMessage("invalid.password");
        // enrolment is the system and security administrators' (USER_CREATE); an approver may not
        long approver = users.create(null, new NewUser("approver1", "审批人", null, null, null), pw());
        rbac.grant(null, approver, Role.APPROVER);
        assertThatThrownBy(() -> users.create(approver, new NewUser("baduser", "n", null, null, null), pw()))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void flippedByteInEncryptedColumnIsDetectedOnlyThatUserIsRefused() {
        long victim = newUser("victim");
        long other = newUser("bystander");
        t.sql("UPDATE users SET phone_enc = set_byte(phone_enc, 30, get_byte(phone_enc, 30) # 1) WHERE id = " + victim);
        long alerts = t.count("SELECT count(*) FROM audit_log WHERE event_type = 'INTEGRITY_ALERT'");
        assertThatThrownBy(() -> users.view(secAdmin, victim)).isInstanceOf(IntegrityException.class);
        assertThat(users.view(secAdmin, other).phone()).isEqualTo("138****1111");
        assertThat(users.list(secAdmin, 100)).extracting(UserView::id).contains(other).doesNotContain(victim);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE event_type = 'INTEGRITY_ALERT'")).isGreaterThan(alerts);
    }

    @Test
    void ciphertextCopiedFromAnotherRowIsDetected() {
        long a = newUser("copya");
        long b = newUser("copyb");
        t.sql("UPDATE users SET email_enc = (SELECT email_enc FROM users WHERE id = " + a + ") WHERE id = " + b);
        assertThatThrownBy(() -> users.view(secAdmin, b)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void separationOfDutiesConflictsAreRefusedOnGrantAndAudited() {
        long u = newUser("keyman");
        rbac.grant(secAdmin, u, Role.KEY_ADMIN);
        assertThatThrownBy(() -> rbac.grant(secAdmin, u, Role.AUDITOR)).isInstanceOf(SodViolationException.class);
        assertThatThrownBy(() -> rbac.grant(secAdmin, u, Role.OPERATOR)).isInstanceOf(SodViolationException.class);
        assertThat(rbac.roles(u)).containsExactly(Role.KEY_ADMIN);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE reason = 'SOD_CONFLICT'")).isGreaterThanOrEqualTo(2);
        assertThatThrownBy(() -> rbac.grant(secAdmin, secAdmin, Role.AUDITOR)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> rbac.grant(sysAdmin, u, Role.APPROVER)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void tamperedAclRowsDenyAndRaiseAlerts() {
        long u = newUser("auditor1");
        rbac.grant(secAdmin, u, Role.AUDITOR);
        assertThat(rbac.has(u, Permission.AUDIT_READ)).isTrue();
        // an attacker with SQL access tries to make the auditor a key administrator
        t.sql("UPDATE user_roles SET role = 'KEY_ADMIN' WHERE user_id = " + u);
        assertThatThrownBy(() -> rbac.has(u, Permission.KEY_MANAGE)).isInstanceOf(IntegrityException.class);
        // a forged role_permissions row is caught for everyone holding that role
        long op = newUser("operator1");
        rbac.grant(secAdmin, op, Role.OPERATOR);
        t.sql("INSERT INTO role_permissions (role, permission, mac) VALUES ('OPERATOR', 'KEY_MANAGE', '\\x00')");
        assertThatThrownBy(() -> rbac.require(op, Permission.MAP_READ)).isInstanceOf(IntegrityException.class);
        assertThat(t.count("SELECT count(*) FROM audit_log WHERE reason = 'ACL_MAC_MISMATCH'")).isGreaterThanOrEqualTo(2);
        t.sql("DELETE FROM role_permissions WHERE role = 'OPERATOR' AND permission = 'KEY_MANAGE'");
        assertThat(rbac.has(op, Permission.MAP_READ)).isTrue();
    }

    @Test
    void certificateBindingByIssuerSerialAndKey() {
        TestPki ca = new TestPki("Test CA");
        TestPki.Identity id1 = ca.issue("u1");
        TestPki.Identity id2 = ca.issue("u1-second");
        long u = newUser("certuser");
        CertificateBindings certs = t.services.certificates();
        long b1 = certs.bind(secAdmin, u, id1.cert());
        certs.bind(secAdmin, u, id2.cert());
        assertThat(certs.isBound(u, id1.cert())).isTrue();
        assertThat(certs.isBound(u, id2.cert())).isTrue();
        assertThat(certs.isBound(secAdmin, id1.cert())).isFalse();
        assertThatThrownBy(() -> certs.bind(secAdmin, secAdmin, id1.cert())).isInstanceOf(InvalidInputException.class);
        certs.unbind(secAdmin, b1);
        assertThat(certs.isBound(u, id1.cert())).isFalse();
        assertThatThrownBy(() -> certs.bind(sysAdmin, u, ca.issue("x").cert())).isInstanceOf(AccessDeniedException.class);
        // moving a binding to another account by SQL is detected
        t.sql("UPDATE user_certs SET unbound_at = NULL WHERE id = " + b1);
        assertThatThrownBy(() -> certs.isBound(u, id1.cert())).isInstanceOf(IntegrityException.class);
    }

    @Test
    void auditChainStaysIntactThroughAllOfThis() {
        assertThat(t.services.auditVerifier().verify().intact()).isTrue();
    }
}
