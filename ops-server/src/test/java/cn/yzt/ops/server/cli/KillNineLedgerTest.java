package cn.yzt.ops.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.ServerRuntime;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.http.Json;
import cn.yzt.ops.server.ledger.LedgerService;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.user.NewUser;
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
 * kill -9 of the real {@code ops-server serve} process (child JVM, TLCP, embedded PostgreSQL)
 * while several clients stream signed operations: after a restart on the same data directory
 * every operation that got a receipt is in the ledger at its index with the same leaf hash, the
 * ledger verifies ({@code ops-server ledger verify}), and the new tree head is consistent with the
 * tree head of every receipt (consistency proofs from the restarted server).
 */
class KillNineLedgerTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String PASSPHRASE = "test-only-key-passphrase";
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    private CertificateAuthority ca;
    private KeyPair adminSign;
    private KeyPair adminEnc;
    private X509Certificate adminSignCert;
    private X509Certificate adminEncCert;
    private OkHttpClient client;

    /** What a client holds after a 200: the receipt and the entry bytes the server said it stored. */
    private record Acked(Receipt receipt, byte[] entry) {
    }

    @Test
    void everyReceiptSurvivesKillMinus9() throws Exception {
        long t0 = System.nanoTime();
        Path conf = setUp();
        assertThat(new picocli.CommandLine(new OpsServerCli()).execute("--config", conf.toString(), "init", "--admin", "secadmin",
                "--admin-name", "安全管理员", "--admin-cert", dir.resolve("admin.pem").toString())).isZero();
        // the TLCP private keys into the sealed key file (the child JVM gets no PEM password)
        assertThat(new picocli.CommandLine(new OpsServerCli()).execute("--config", conf.toString(), "keys", "import-tlcp",
                "--sign-key", dir.resolve("sign.key").toString(), "--enc-key", dir.resolve("enc.key").toString())).isZero();
        phase(t0, "init");
        try (ServerRuntime rt = ServerRuntime.open(ServerConfig.load(conf), PASSPHRASE.toCharArray())) {
            for (int i = 0; i < CLIENTS; i++) { // the accounts the clients' operations act on
                rt.services().users().create(null, new NewUser("target" + i, "目标" + i, null, null, null),
                        "Target-Only-Pw-1".toCharArray());
            }
        }
        client = TlcpOkHttp.client(TlcpContexts.client().trustAnchor(ca.certificate()).crls(List.of(ca.crl()))
                .keys(adminSign.getPrivate(), new X509Certificate[] {adminSignCert, ca.certificate()},
                        adminEnc.getPrivate(), new X509Certificate[] {adminEncCert, ca.certificate()}).build(),
                Duration.ofSeconds(5), Duration.ofSeconds(20));

        phase(t0, "users");
        ServerProcessTest.Server s = ServerProcessTest.Server.start(conf);
        phase(t0, "started");
        String token = login(s.port());
        String serverId = "yzt-ops-1";
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String target = "target" + i;
            Thread t = new Thread(() -> {
                for (int n = 0; !stop.get(); n++) {
                    try {
                        byte[] nonce = Base64.getUrlDecoder().decode(post(s.port(), "/api/v1/ops/nonce", Map.of(), token)
                                .get("nonce").asText());
                        byte[] cms = sign(nonce, serverId, n % 2 == 0 ? "role.grant" : "role.revoke", target);
                        JsonNode r = post(s.port(), "/api/v1/ops", Map.of("cms", Base64.getEncoder().encodeToString(cms)), token);
                        acked.add(new Acked(Receipt.fromJson((ObjectNode) r.get("receipt")),
                                Base64.getDecoder().decode(r.get("entry").asText())));
                    } catch (Exception ex) {
                        return; // the server is gone (or refused): stop this client
                    }
                }
            }, "client-" + i);
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (acked.size() < 40 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        phase(t0, "streamed");
        s.process().destroyForcibly(); // kill -9 mid-stream: requests are in flight
        assertThat(s.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread t : clients) {
            t.join(30_000);
        }
        List<Acked> receipts = new ArrayList<>(acked);
        phase(t0, receipts.size() + " acked");
        assertThat(receipts).hasSizeGreaterThanOrEqualTo(10);

        // restarted on the same data directory: the tree head covers every receipt and is consistent with each
        phase(t0, "killed");
        ServerProcessTest.Server s2 = ServerProcessTest.Server.start(conf);
        String token2 = login(s2.port());
        SignedTreeHead latest = SignedTreeHead.decode(get(s2.port(), "/api/v1/ledger/tree-head", token2));
        TreeMap<Long, SignedTreeHead> heads = new TreeMap<>();
        for (Acked a : receipts) {
            heads.put(a.receipt().signedTreeHead().treeHead().treeSize(), a.receipt().signedTreeHead());
        }
        assertThat(latest.treeHead().treeSize()).isGreaterThanOrEqualTo(heads.lastKey());
        Map<Long, ConsistencyProof> proofs = new TreeMap<>();
        for (long size : heads.keySet()) {
            proofs.put(size, ConsistencyProof.decode(get(s2.port(), "/api/v1/ledger/proof/consistency?from=" + size + "&to="
                    + latest.treeHead().treeSize(), token2)));
        }
        phase(t0, "proofs");
        s2.process().destroy();
        assertThat(s2.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        java.security.PublicKey ledgerKey;
        try (ServerRuntime rt = ServerRuntime.open(ServerConfig.load(conf), PASSPHRASE.toCharArray())) {
            LedgerService ledger = rt.services().ledger();
            ledgerKey = ledger.publicKey();
            TreeHeadVerifier heads2 = new TreeHeadVerifier(ledger.publicKey());
            ReceiptVerifier rv = new ReceiptVerifier(ledger.publicKey());
            for (Acked a : receipts) {
                long idx = a.receipt().leafIndex();
                byte[] stored = ledger.entry(idx).orElseThrow(() -> new AssertionError("receipted entry " + idx + " lost"));
                assertThat(stored).as("entry %d", idx).isEqualTo(a.entry());
                assertThat(LedgerEntry.decode(stored).leafHash()).isEqualTo(a.receipt().leafHash());
                assertThat(rv.verify(a.receipt(), stored)).isEmpty();
            }
            for (Map.Entry<Long, SignedTreeHead> h : heads.entrySet()) {
                assertThat(heads2.verifyConsistency(h.getValue(), latest, proofs.get(h.getKey())))
                        .as("head %d consistent with the head after restart", h.getKey()).isEmpty();
            }
            // what 'ops-server ledger verify' runs and prints (its exit code 0 = intact)
            assertThat(LedgerCommand.report(ledger.verify())).as("ops-server ledger verify").isZero();
        }
        phase(t0, "checked");
        // 'ops-server ledger evidence' on the restarted data: the bundle verifies offline (anchor + ledger key only)
        Acked last = receipts.get(receipts.size() - 1);
        Path bundle = dir.resolve("evidence.json");
        assertThat(new picocli.CommandLine(new OpsServerCli()).execute("--config", conf.toString(), "ledger", "evidence",
                "--index", Long.toString(last.receipt().leafIndex()), "--out", bundle.toString())).isZero();
        cn.yzt.ops.protocol.evidence.EvidenceReport rep = new cn.yzt.ops.protocol.evidence.EvidenceVerifier(
                java.util.Set.of(ca.certificate()), ledgerKey).verify(Files.readAllBytes(bundle));
        assertThat(rep.isVerified()).as(rep.toString()).isTrue();
        assertThat(rep.entry().orElseThrow().encode()).isEqualTo(last.entry());
        phase(t0, "evidence");
    }

    private static void phase(long t0, String what) {
        System.out.printf("kill-9 test: %-8s at %5.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    private byte[] sign(byte[] nonce, String serverId, String type, String target) throws Exception {
        OperationDocument d = OperationDocument.builder().type(type).operator("secadmin")
                .signerCertSm3(SignedDocuments.certificateSm3(adminSignCert)).nonce(nonce).issuedAt(Instant.now())
                .serverId(serverId).parameter("username", target).parameter("role", "OPERATOR").build();
        return OperationSigner.builder().signerCertificate(adminSignCert).clock(Clock.systemUTC()).build()
                .sign(d, new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(adminSign.getPrivate()));
    }

    private Path setUp() throws Exception {
        ca = CertificateAuthority.createRoot("CN=YZT Kill CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)));
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
        PemFiles.writePrivateKey(dir.resolve("sign.key"), ss.getPrivate(), "test-only-tlcp-key-pw".toCharArray());
        PemFiles.writePrivateKey(dir.resolve("enc.key"), se.getPrivate(), "test-only-tlcp-key-pw".toCharArray());
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

    private JsonNode post(int port, String path, Object body, String token) throws Exception {
        Request.Builder b = new Request.Builder().url("https://127.0.0.1:" + port + path)
                .post(RequestBody.create(Json.MAPPER.writeValueAsBytes(body), MediaType.get("application/json")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = client.newCall(b.build()).execute()) {
            if (r.code() != 200) {
                throw new IllegalStateException(path + " -> " + r.code() + " " + r.body().string());
            }
            return Json.MAPPER.readTree(r.body().bytes());
        }
    }

    private byte[] get(int port, String path, String token) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url("https://127.0.0.1:" + port + path)
                .header("Authorization", "Bearer " + token).build()).execute()) {
            assertThat(r.code()).as(path).isEqualTo(200);
            return r.body().bytes();
        }
    }

    private String login(int port) throws Exception {
        JsonNode ch = post(port, "/api/v1/auth/challenge", Map.of("username", "secadmin"), null);
        byte[] st = new LoginStatement("secadmin", Base64.getUrlDecoder().decode(ch.get("nonce").asText()),
                ch.get("serverId").asText(), HexFormat.of().parseHex(ch.get("serverCertSm3").asText()), Instant.now()).toCanonicalJson();
        JsonNode r = post(port, "/api/v1/auth/login", Map.of("challengeId", ch.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(adminSign.getPrivate(), st)),
                "certificate", Base64.getEncoder().encodeToString(adminSignCert.getEncoded()), "password", "Test-Only-Admin-1"), null);
        return r.get("token").asText();
    }
}
