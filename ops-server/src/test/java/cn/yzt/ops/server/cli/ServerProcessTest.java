package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.http.Json;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.PemFiles;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The real server process: init, serve over TLCP, log in; SIGTERM and kill -9; after each
 * restart the acknowledged session still works and the audit chain verifies.
 */
class ServerProcessTest {

    private static final String TLCP_PW = "test-only-tlcp-key-pw";

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private KeyPair adminSign;
    private KeyPair adminEnc;
    private X509Certificate adminSignCert;
    private X509Certificate adminEncCert;

    @Test
    void sigtermAndKillMinus9KeepAcknowledgedData() throws Exception {
        Path conf = setUp();
        assertThat(new picocli.CommandLine(new OpsServerCli()).execute("--config", conf.toString(), "init", "--admin", "secadmin",
                "--admin-name", "安全管理员", "--admin-cert", dir.resolve("admin.pem").toString())).isZero();
        // the TLCP private keys move into the sealed key file (tlcp.keySource=vault, the default)
        assertThat(new picocli.CommandLine(new OpsServerCli()).execute("--config", conf.toString(), "keys", "import-tlcp",
                "--sign-key", dir.resolve("sign.key").toString(), "--enc-key", dir.resolve("enc.key").toString())).isZero();
        Files.delete(dir.resolve("sign.key"));
        Files.delete(dir.resolve("enc.key"));

        Server s = Server.start(conf);
        String token = login(s.port);
        assertThat(me(s.port, token)).isEqualTo(200);
        s.process.destroy(); // SIGTERM
        assertThat(s.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(dir.resolve("pg/postmaster.pid"))).as("PostgreSQL stopped cleanly").isFalse();

        s = Server.start(conf);
        assertThat(me(s.port, token)).as("session acknowledged before SIGTERM").isEqualTo(200);
        String token2 = login(s.port);
        s.process.destroyForcibly(); // kill -9: the PostgreSQL child survives as a stale postmaster
        assertThat(s.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        s = Server.start(conf);
        assertThat(me(s.port, token2)).as("session acknowledged before kill -9").isEqualTo(200);
        s.process.destroy();
        assertThat(s.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        try (ServerRuntime rt = ServerRuntime.open(ServerConfig.load(conf), "test-only-key-passphrase".toCharArray())) {
            assertThat(rt.auditVerifier().verify().intact()).isTrue();
            assertThat(rt.auditVerifier().verify().checked()).isGreaterThanOrEqualTo(5);
        }
    }

    private Path setUp() throws Exception {
        ca = CertificateAuthority.createRoot("CN=YZT Proc CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)));
        Validity v = Validity.fromNow(Duration.ofDays(30));
        KeyPair ss = Sm2KeyPairs.generate();
        KeyPair se = Sm2KeyPairs.generate();
        X509Certificate ssc = ca.issue("CN=localhost,O=YZT,C=CN", ss.getPublic(), CertificateProfile.SIGN, v, List.of("localhost", "127.0.0.1"));
        X509Certificate sec = ca.issue("CN=localhost,O=YZT,C=CN", se.getPublic(), CertificateProfile.ENC, v, List.of("localhost", "127.0.0.1"));
        adminSign = Sm2KeyPairs.generate();
        adminEnc = Sm2KeyPairs.generate();
        adminSignCert = ca.issue("CN=secadmin,O=YZT,C=CN", adminSign.getPublic(), CertificateProfile.SIGN, v, List.of());
        adminEncCert = ca.issue("CN=secadmin,O=YZT,C=CN", adminEnc.getPublic(), CertificateProfile.ENC, v, List.of());
        PemFiles.writeCertificates(dir.resolve("anchors.pem"), List.of(ca.certificate()));
        PemFiles.writeCrl(dir.resolve("ca.crl"), ca.crl());
        PemFiles.writeCertificates(dir.resolve("sign-chain.pem"), List.of(ssc, ca.certificate()));
        PemFiles.writeCertificates(dir.resolve("enc-chain.pem"), List.of(sec, ca.certificate()));
        PemFiles.writePrivateKey(dir.resolve("sign.key"), ss.getPrivate(), TLCP_PW.toCharArray());
        PemFiles.writePrivateKey(dir.resolve("enc.key"), se.getPrivate(), TLCP_PW.toCharArray());
        PemFiles.writeCertificates(dir.resolve("admin.pem"), List.of(adminSignCert));
        Path conf = dir.resolve("ops-server.properties");
        Files.writeString(conf, String.join("\n",
                "keys.file=" + dir.resolve("keys.sealed"),
                "keys.passphraseEnv=YZT_TEST_KEYS_PASSPHRASE",
                "keys.kdfIterations=100000",
                "db.embedded.dataDir=" + dir.resolve("pg"),
                "pki.trustAnchors=" + dir.resolve("anchors.pem"),
                "pki.crls=" + dir.resolve("ca.crl"),
                "tlcp.signChain=" + dir.resolve("sign-chain.pem"),
                "tlcp.encChain=" + dir.resolve("enc-chain.pem"),
                "tlcp.keyPasswordEnv=YZT_TEST_TLCP_PW",
                "http.port=0", ""), StandardCharsets.UTF_8);
        return conf;
    }

    /** A child JVM running "ops-server serve"; returns once it listens. */
    record Server(Process process, int port) {
        static Server start(Path conf) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Dfile.encoding=UTF-8", "@" + System.getProperty("yzt.tlcp.args.file"),
                    "-cp", System.getProperty("java.class.path"), OpsServerCli.class.getName(), "--config", conf.toString(), "serve"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("YZT_TEST_TLCP_PW"); // serve needs no PEM password: keys come from the vault
            Process p = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                int i = line.indexOf("ops-server listening (TLCP) on ");
                if (i >= 0) {
                    int port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                    Thread drain = new Thread(() -> {
                        try {
                            while (r.readLine() != null) {
                                // keep the pipe from filling up
                            }
                        } catch (java.io.IOException ignored) {
                            // process ended
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, port);
                }
            }
            throw new AssertionError("server did not start:\n" + out);
        }
    }

    private OkHttpClient client() {
        return TlcpOkHttp.client(TlcpContexts.client().trustAnchor(ca.certificate()).crls(List.of(ca.crl()))
                .keys(adminSign.getPrivate(), new X509Certificate[] {adminSignCert, ca.certificate()},
                        adminEnc.getPrivate(), new X509Certificate[] {adminEncCert, ca.certificate()}).build(),
                Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    private JsonNode post(int port, String path, Object body) throws Exception {
        try (Response r = client().newCall(new Request.Builder().url("https://127.0.0.1:" + port + path)
                .post(RequestBody.create(Json.MAPPER.writeValueAsBytes(body), MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            return Json.MAPPER.readTree(r.body().bytes());
        }
    }

    private String login(int port) throws Exception {
        JsonNode ch = post(port, "/api/v1/auth/challenge", Map.of("username", "secadmin"));
        byte[] st = new LoginStatement("secadmin", Base64.getUrlDecoder().decode(ch.get("nonce").asText()),
                ch.get("serverId").asText(), HexFormat.of().parseHex(ch.get("serverCertSm3").asText()), Instant.now()).toCanonicalJson();
        JsonNode r = post(port, "/api/v1/auth/login", Map.of("challengeId", ch.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(adminSign.getPrivate(), st)),
                "certificate", Base64.getEncoder().encodeToString(adminSignCert.getEncoded()), "password", "Test-Only-Admin-1"));
        return r.get("token").asText();
    }

    private int me(int port, String token) throws Exception {
        try (Response r = client().newCall(new Request.Builder().url("https://127.0.0.1:" + port + "/api/v1/me")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            return r.code();
        }
    }
}
