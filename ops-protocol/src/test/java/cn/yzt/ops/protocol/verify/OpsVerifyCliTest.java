package cn.yzt.ops.protocol.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.yzt.ops.protocol.evidence.EvidenceFixture;

class OpsVerifyCliTest {

    @TempDir
    static Path dir;
    private static Path bundle;
    private static Path tampered;
    private static Path ca;
    private static Path key;

    @BeforeAll
    static void files() throws Exception {
        EvidenceFixture f = new EvidenceFixture();
        byte[] b = f.bundle();
        bundle = Files.write(dir.resolve("evidence.json"), b);
        String text = new String(b, StandardCharsets.UTF_8);
        int at = text.indexOf("\"rootHash\":\"") + 14;
        byte[] t = b.clone();
        t[at] = (byte) (t[at] == 'a' ? 'b' : 'a');
        tampered = Files.write(dir.resolve("tampered.json"), t);
        ca = Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", f.pki.ca.getEncoded()));
        key = Files.writeString(dir.resolve("ledger.pem"), pem("PUBLIC KEY", f.ledgerKey.getPublic().getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = OpsVerifyCli.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void verifiesABundleInChineseByDefault() {
        Run r = run("bundle", bundle.toString(), "--trust", ca.toString(), "--ledger-key", key.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("证据包验证通过", "第 5 条", "user.disable", "CN=alice");
    }

    @Test
    void refusesATamperedBundleInEnglish() {
        Run r = run("--lang", "en", "bundle", tampered.toString(), "--trust", ca.toString(), "--ledger-key", key.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("does NOT verify", "TREE_HEAD_SIGNATURE");
    }

    @Test
    void inputErrorsExitWithTwo() {
        Run missing = run("bundle", dir.resolve("nope.json").toString(), "--trust", ca.toString(), "--ledger-key",
                key.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("无法读取文件");
        Run wrongKey = run("--lang=en", "bundle", bundle.toString(), "--trust", ca.toString(), "--ledger-key", ca.toString());
        // a certificate is accepted as key holder, but it is not the ledger key
        assertThat(wrongKey.code()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("TREE_HEAD_WRONG_KEY");
        Run badKey = run("--lang=en", "bundle", bundle.toString(), "--trust", ca.toString(), "--ledger-key", bundle.toString());
        assertThat(badKey.code()).isEqualTo(2);
        assertThat(badKey.err()).contains("not an SM2 public key");
        Run usage = run("bundle", bundle.toString());
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("用法");
    }

    @Test
    void helpIsLocalized() {
        assertThat(run("--lang", "en", "bundle", "--help").out()).contains("Trust anchor certificate file");
        assertThat(run("bundle", "--help").out()).contains("信任锚证书文件");
    }
}
