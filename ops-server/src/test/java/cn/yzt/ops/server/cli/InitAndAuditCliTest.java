package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.testing.TestPki;
import picocli.CommandLine;

/** ops-server init on a fresh directory, then audit verify (intact, then after a direct SQL edit). */
class InitAndAuditCliTest {

    @TempDir
    Path dir;

    @Test
    void initCreatesKeysDatabaseAndFirstAdminThenAuditVerifyDetectsTampering() throws Exception {
        Path conf = dir.resolve("ops-server.properties");
        Files.writeString(conf, "keys.file=" + dir.resolve("keys.sealed") + "\n"
                + "keys.passphraseEnv=YZT_TEST_KEYS_PASSPHRASE\n"
                + "keys.kdfIterations=100000\n"
                + "db.embedded.dataDir=" + dir.resolve("pg") + "\n", StandardCharsets.UTF_8);
        TestPki ca = new TestPki("YZT UKEY CA");
        Path pem = dir.resolve("admin.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.issue("admin").cert().getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        Path approverPem = dir.resolve("approver.pem");
        Files.writeString(approverPem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.issue("approver").cert().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        // the approver options go together
        assertThat(run("--config", conf.toString(), "init", "--admin", "secadmin", "--admin-name", "安全管理员",
                "--admin-cert", pem.toString(), "--approver", "approver")).isNotZero();
        assertThat(run("--config", conf.toString(), "init", "--admin", "secadmin", "--admin-name", "安全管理员",
                "--admin-cert", pem.toString(), "--approver", "approver", "--approver-name", "审批人",
                "--approver-cert", approverPem.toString())).isZero();
        assertThat(Files.exists(dir.resolve("keys.sealed"))).isTrue();
        // a second init is refused: the installation already has its administrator
        assertThat(run("--config", conf.toString(), "init", "--admin", "other", "--admin-name", "x",
                "--admin-cert", pem.toString())).isNotZero();
        assertThat(run("--config", conf.toString(), "audit", "verify")).isZero();

        ServerConfig cfg = ServerConfig.load(conf);
        try (ServerRuntime rt = ServerRuntime.open(cfg, "test-only-key-passphrase".toCharArray());
                // the schema owner's rights (a DBA): the server's own pool (yzt_app) may not do this
                Connection c = java.sql.DriverManager.getConnection(rt.embedded().orElseThrow().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("SET ROLE yzt_owner");
            assertThat(rt.services().users().idOf("secadmin")).isPresent();
            assertThat(rt.services().users().idOf("other")).isEmpty();
            assertThat(rt.services().rbac().roles(rt.services().users().idOf("approver").orElseThrow()))
                    .containsExactly(cn.yzt.ops.server.rbac.Role.APPROVER);
            st.execute("UPDATE audit_log SET detail = 'nothing happened' WHERE seq = 1");
        }
        assertThat(run("--config", conf.toString(), "audit", "verify")).isEqualTo(3);
    }

    private static int run(String... args) {
        return new CommandLine(new OpsServerCli()).execute(args);
    }
}
