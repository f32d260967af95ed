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
import cn.yzt.ops.server.testing.TestPki;
import picocli.CommandLine;

/** ops-server ledger verify over a real installation: intact, then a row edited by the table owner. */
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
                Connection c = rt.database().connection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only");
            st.execute("UPDATE ledger_entries SET received_at = received_at, entry = convert_to(replace("
                    + "convert_from(entry, 'UTF8'), 'accepted', 'refused'), 'UTF8') WHERE idx = 2");
            st.execute("ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only");
        }
        assertThat(out("--config", conf.toString(), "ledger", "verify")).startsWith("3 LEDGER BROKEN at index 2");
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
