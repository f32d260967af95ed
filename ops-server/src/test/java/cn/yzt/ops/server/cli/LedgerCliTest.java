package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.testing.TestPki;
import picocli.CommandLine;

/**
 * ops-server ledger verify over a real installation: intact, then a row edited by the table owner;
 * keys rotate recorded in the ledger.
 */
class LedgerCliTest {

    @TempDir
    Path dir;

    @Test
    void ledgerVerifyNamesTheEditedIndex() throws Exception {
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
        assertThat(run("--config", conf.toString(), "init", "--admin", "secadmin", "--admin-name", "安全管理员",
                "--admin-cert", pem.toString())).isZero();

        ServerConfig cfg = ServerConfig.load(conf);
        String publicKeyPem;
        try (ServerRuntime rt = ServerRuntime.open(cfg, "test-only-key-passphrase".toCharArray())) {
            // init left one ADMIN_EVENT: the initial person was not created by a signed operation
            assertThat(new String(LedgerEntry.decode(rt.services().ledger().entry(0).orElseThrow()).payload(),
                    StandardCharsets.UTF_8))
                    .contains("bootstrap.person").contains("secadmin");
            publicKeyPem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(rt.services().ledger().publicKey().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            for (int i = 0; i < 4; i++) {
                rt.services().ledger().append(new LedgerEntry(EntryKind.ADMIN_EVENT,
                        ("{\"event\":" + i + "}").getBytes(StandardCharsets.UTF_8), LedgerEntry.ACCEPTED, Instant.now()));
            }
        }
        assertThat(out("--config", conf.toString(), "ledger", "verify")).startsWith("0 ledger intact: 5 entries");
        // the key consoles and ops-verify are configured with
        assertThat(out("--config", conf.toString(), "ledger", "public-key")).isEqualTo("0 " + publicKeyPem);

        try (ServerRuntime rt = ServerRuntime.open(cfg, "test-only-key-passphrase".toCharArray());
                // the schema owner's rights (a DBA): the server's own pool (yzt_app) may not do this
                Connection c = java.sql.DriverManager.getConnection(rt.embedded().orElseThrow().jdbcUrl("postgres"));
                Statement st = c.createStatement()) {
            st.execute("SET ROLE yzt_owner");
            st.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            st.execute("UPDATE ledger_entries SET received_at = received_at, entry = convert_to(replace("
                    + "convert_from(entry, 'UTF8'), 'accepted', 'refused'), 'UTF8') WHERE idx = 2");
            st.execute("ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only");
        }
        assertThat(out("--config", conf.toString(), "ledger", "verify")).startsWith("3 LEDGER BROKEN at index 2");
    }

    @Test
    void keysRotateIsLedgeredWithoutKeyMaterialAndThePoolRunsAsTheAppRole() throws Exception {
        Path conf = dir.resolve("ops-server.properties");
        Files.writeString(conf, "keys.file=" + dir.resolve("keys.sealed") + "\n"
                + "keys.passphraseEnv=YZT_TEST_KEYS_PASSPHRASE\n"
                + "keys.kdfIterations=100000\n"
                + "db.embedded.dataDir=" + dir.resolve("pg") + "\n", StandardCharsets.UTF_8);
        Path pem = dir.resolve("admin.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(new TestPki("YZT UKEY CA").issue("admin").cert().getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        assertThat(run("--config", conf.toString(), "init", "--admin", "secadmin", "--admin-name", "安全管理员",
                "--admin-cert", pem.toString())).isZero();
        char[] pass = "test-only-key-passphrase".toCharArray();
        // init made the embedded app role's password and sealed it with the other keys
        assertThat(SealedKeyFile.open(dir.resolve("keys.sealed"), pass).ids(KeyPurpose.DB_APP_PASSWORD)).containsExactly(1);

        assertThat(out("--config", conf.toString(), "keys", "rotate", "DATA_SM4")).isEqualTo("0 DATA_SM4 version 2\n");
        // refused rotations append nothing
        assertThat(run("--config", conf.toString(), "keys", "rotate", "TLCP_SIGN")).isNotZero();
        assertThat(run("--config", conf.toString(), "keys", "rotate", "DB_APP_PASSWORD")).isNotZero();

        SealedKeyFile keys = SealedKeyFile.open(dir.resolve("keys.sealed"), pass);
        assertThat(keys.currentId(KeyPurpose.DATA_SM4)).isEqualTo(2);
        String newKeyHex = java.util.HexFormat.of().formatHex(keys.key(KeyPurpose.DATA_SM4, 2));
        ServerConfig cfg = ServerConfig.load(conf);
        try (ServerRuntime rt = ServerRuntime.open(cfg, pass);
                Connection c = rt.database().connection(); Statement st = c.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("SELECT current_user, (SELECT count(*) FROM key_versions"
                    + " WHERE purpose = 'DATA_SM4' AND key_id = 2)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("yzt_app");
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            LedgerEntry e = LedgerEntry.decode(rt.services().ledger().entry(1).orElseThrow());
            String payload = new String(e.payload(), StandardCharsets.UTF_8);
            assertThat(e.kind()).isEqualTo(EntryKind.ADMIN_EVENT);
            assertThat(payload).contains("\"type\":\"key.rotate.cli\"", "\"purpose\":\"DATA_SM4\"", "\"keyId\":2",
                    "\"actor\":\"cli:" + System.getProperty("user.name", "?") + "\"");
            assertThat(payload.toLowerCase(java.util.Locale.ROOT)).doesNotContain(newKeyHex);
            assertThat(rt.services().ledger().entry(2)).isEmpty();
        }
        assertThat(out("--config", conf.toString(), "ledger", "verify")).startsWith("0 ledger intact: 2 entries");
    }

    private static String out(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = run(args);
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        old.print(text);
        return rc + " " + text;
    }

    private static int run(String... args) {
        return new CommandLine(new OpsServerCli()).execute(args);
    }
}
