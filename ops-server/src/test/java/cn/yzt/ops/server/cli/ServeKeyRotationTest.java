package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.ops.OperationService;
import cn.yzt.ops.server.ops.SignedOps;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.testing.TestPostgres;
import cn.yzt.ops.server.user.NewUser;
import cn.yzt.ops.server.crypto.Bytes;

/**
 * The signed key.rotate on a serve-like runtime (a real sealed key file, wired the way {@code serve}
 * wires it): after approval the key file holds a new current version on disk, data sealed under the
 * old version still reads, and once the rotator is closed (shutdown) rotation is refused.
 */
class ServeKeyRotationTest {

    private static final char[] PASS = "test-only-key-passphrase".toCharArray();
    private static final String PW = "Correct-Horse-1";

    @TempDir
    Path dir;

    record Actor(String name, long id, TestPki.Identity key, Session session) {
    }

    @Test
    void signedApprovedKeyRotateResealsTheKeyFileAndOldDataStillReads() throws Exception {
        Path file = dir.resolve("keys.sealed");
        SealedKeyFile vault = SealedKeyFile.create(file, PASS, SealedKeyFile.MIN_ITERATIONS);
        Clock clock = Clock.systemUTC();
        ServerConfig cfg = ServerConfig.defaults().with("auth.passwordIterations", "1000");
        try (ServerRuntime rt = new ServerRuntime(cfg, null, TestPostgres.freshDatabase(), vault, clock)) {
            Services s = rt.services();
            s.rbac().seedBuiltInRoles();
            TestPki ca = new TestPki("YZT UKEY CA");
            ServerIdentity server = new ServerIdentity("yzt-ops-rotate", Bytes.random(32));
            s.login(server, new CertificateChecker(new TrustMaterial(List.of(ca.caCert()), List.of(ca.currentCrl())),
                    Duration.ZERO, clock));
            OperationService ops = s.operations();
            long secAdmin = s.users().create(null, new NewUser("secadmin", "安全管理员", null, null, null), PW.toCharArray());
            s.rbac().grant(null, secAdmin, Role.SECURITY_ADMIN);
            long dora = s.users().create(secAdmin, new NewUser("dora", "多拉", null, "13900001111", null), PW.toCharArray());
            Actor kim = actor(s, ca, secAdmin, "kim", Role.KEY_ADMIN);
            Actor carol = actor(s, ca, secAdmin, "carol", Role.APPROVER);

            // as serve does it: installed after login(...) created the signed operations
            VaultKeyRotator rotator = VaultKeyRotator.install(rt, PASS).orElseThrow();
            int before = vault.currentId(KeyPurpose.DATA_SM4);
            OperationService.Outcome o = ops.perform(kim.session(), kim.key().cert(), SignedOps.operation(kim.key(),
                    kim.name(), ops.issueNonce(kim.session()).value(), server.serverId(), clock, "key.rotate",
                    SignedOps.params("purpose", "DATA_SM4")));
            assertThat(o.pending()).as("key.rotate waits for a second person").isTrue();
            assertThat(vault.currentId(KeyPurpose.DATA_SM4)).isEqualTo(before);
            ops.decide(carol.session(), carol.key().cert(), SignedOps.approval(carol.key(), carol.name(),
                    ops.issueNonce(carol.session()).value(), server.serverId(), clock, o.receipt().leafHash(), "key.rotate",
                    ApprovalDocument.Decision.APPROVE));

            assertThat(vault.currentId(KeyPurpose.DATA_SM4)).isEqualTo(before + 1);
            assertThat(ops.takeResult(kim.id(), o.receipt().leafHash()).get("keyId").asInt()).isEqualTo(before + 1);
            // re-sealed on disk with the same passphrase: a restart sees the new version and the old one
            SealedKeyFile reopened = SealedKeyFile.open(file, PASS.clone());
            assertThat(reopened.currentId(KeyPurpose.DATA_SM4)).isEqualTo(before + 1);
            assertThat(reopened.ids(KeyPurpose.DATA_SM4)).contains(before, before + 1);
            // dora's phone was sealed under the old version; new data goes under the new one, both read
            assertThat(s.users().reveal(secAdmin, dora).phone()).isEqualTo("13900001111");
            long erin = s.users().create(secAdmin, new NewUser("erin", "艾琳", null, "13900002222", null), PW.toCharArray());
            assertThat(s.users().reveal(secAdmin, erin).phone()).isEqualTo("13900002222");

            rotator.close(); // shutdown wipes the passphrase: no rotation with a wiped passphrase
            assertThatThrownBy(() -> rotator.rotate(KeyPurpose.DATA_SM4)).isInstanceOf(IllegalStateException.class);
            assertThat(SealedKeyFile.open(file, PASS.clone()).currentId(KeyPurpose.DATA_SM4)).isEqualTo(before + 1);
        }
    }

    private static Actor actor(Services s, TestPki ca, long secAdmin, String name, Role role) {
        long id = s.users().create(null, new NewUser(name, "用户", null, null, null), PW.toCharArray());
        TestPki.Identity key = ca.issue(name);
        s.certificates().bind(secAdmin, id, key.cert());
        s.rbac().grant(null, id, role);
        return new Actor(name, id, key, s.sessions().create(id, name, key.cert()).session());
    }
}
