package cn.yzt.ops.tlcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pki builds a CA, a server and a client from the command line; tlcp-probe --accept serves with
 * the server files and tlcp-probe --connect prints the suite and both server certificates.
 * Passwords come from the environment variable YZT_TEST_PW, which surefire sets (module pom).
 */
class CliTest {

    static Locale saved;

    @BeforeAll
    static void english() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ENGLISH);
    }

    @AfterAll
    static void restore() {
        Locale.setDefault(saved);
    }

    record Result(int code, String out, String err) {
    }

    static Result pki(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = PkiCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void pkiThenProbeAcceptAndConnect(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca");
        String pw = "--ca-password-env=YZT_TEST_PW";
        assertThat(pki("init-ca", "--dir=" + ca, pw, "--subject=CN=YZT Probe CA,O=YZT,C=CN").code()).isZero();
        assertThat(pki("server", "--dir=" + ca, pw, "--subject=CN=localhost,O=YZT,C=CN", "--san=localhost",
                "--san=127.0.0.1", "--out-dir=" + dir.resolve("srv"), "--key-password-env=YZT_TEST_PW").code()).isZero();
        assertThat(pki("client", "--dir=" + ca, pw, "--subject=CN=probe user,O=YZT,C=CN",
                "--out-dir=" + dir.resolve("cli"), "--key-password-env=YZT_TEST_PW").code()).isZero();
        assertThat(pki("crl", "--dir=" + ca, pw, "--out=" + dir.resolve("crl.pem")).code()).isZero();
        assertThat(Files.readString(dir.resolve("srv/sign.key.pem"))).contains("ENCRYPTED PRIVATE KEY");

        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        PrintStream so = new PrintStream(serverOut, true, StandardCharsets.UTF_8);
        List<String> acceptArgs = new ArrayList<>(List.of("--accept=0", "--once", "--ca=" + ca.resolve("ca.pem"),
                "--crl=" + dir.resolve("crl.pem"), "--key-password-env=YZT_TEST_PW"));
        acceptArgs.addAll(identity(dir.resolve("srv")));
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(
                () -> TlcpProbe.run(acceptArgs.toArray(new String[0]), so, so));
        int port = waitForPort(serverOut);

        ByteArrayOutputStream clientOut = new ByteArrayOutputStream();
        PrintStream co = new PrintStream(clientOut, true, StandardCharsets.UTF_8);
        List<String> connectArgs = new ArrayList<>(List.of("--connect=127.0.0.1:" + port, "--ca=" + ca.resolve("ca.pem"),
                "--crl=" + dir.resolve("crl.pem"), "--key-password-env=YZT_TEST_PW", "--suite=ECC_SM4_GCM_SM3"));
        connectArgs.addAll(identity(dir.resolve("cli")));
        int code = TlcpProbe.run(connectArgs.toArray(new String[0]), co, co);
        String client = clientOut.toString(StandardCharsets.UTF_8);
        System.out.println(client);
        assertThat(code).as(client).isZero();
        assertThat(client).contains("Protocol: GMTLS", "Cipher suite: ECC_SM4_GCM_SM3", "Server sign certificate:",
                "Server encryption certificate:", "digitalSignature, nonRepudiation",
                "keyEncipherment, dataEncipherment, keyAgreement", "SM3:", "Verification: OK");
        assertThat(server.get(20, TimeUnit.SECONDS)).isZero();
        String srv = serverOut.toString(StandardCharsets.UTF_8);
        System.out.println(srv);
        assertThat(srv).contains("Client sign certificate:", "CN=probe user");

        // Without a client certificate the probe exits non-zero with the reason.
        List<String> noCert = List.of("--connect=127.0.0.1:1", "--ca=" + ca.resolve("ca.pem"));
        ByteArrayOutputStream failOut = new ByteArrayOutputStream();
        PrintStream fo = new PrintStream(failOut, true, StandardCharsets.UTF_8);
        assertThat(TlcpProbe.run(noCert.toArray(new String[0]), fo, fo)).isEqualTo(1);
        assertThat(failOut.toString(StandardCharsets.UTF_8)).contains("FAILED: Could not reach the server");
    }

    static List<String> identity(Path d) {
        return List.of("--sign-cert=" + d.resolve("sign.pem"), "--sign-key=" + d.resolve("sign.key.pem"),
                "--enc-cert=" + d.resolve("enc.pem"), "--enc-key=" + d.resolve("enc.key.pem"));
    }

    static int waitForPort(ByteArrayOutputStream out) throws InterruptedException {
        Pattern p = Pattern.compile("Listening for TLCP on [^:]+:(\\d+)");
        for (int i = 0; i < 200; i++) {
            Matcher m = p.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("probe did not start: " + out.toString(StandardCharsets.UTF_8));
    }
}
