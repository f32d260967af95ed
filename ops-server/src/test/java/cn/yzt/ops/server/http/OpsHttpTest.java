package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.ReceiptVerifier;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.ledger.TreeHeadVerifier;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.user.NewUser;

/** Signed operations and ledger proofs over HTTP (loopback transport, real PostgreSQL, real SM2). */
class OpsHttpTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static LoginFixture f;
    private static ApiServer server;
    private static TestPki.Identity admin;
    private static long bobId;

    @BeforeAll
    static void start() {
        f = new LoginFixture();
        LoopbackTestTransport transport = new LoopbackTestTransport();
        ServerIdentity id = new ServerIdentity(f.t.services.serverId(), transport.serverCertSm3());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(f.ca.caCert()), List.of(f.ca.currentCrl())),
                Duration.ZERO, f.clock);
        server = ApiServer.start(f.t.services, f.t.services.login(id, checker), transport, "127.0.0.1", 0, 65536);
        admin = f.ca.issue("secadmin");
        f.t.services.certificates().bind(f.secAdmin, f.secAdmin, admin.cert());
        bobId = f.t.services.users().create(null, new NewUser("bob", "鲍勃", null, null, null), LoginFixture.PASSWORD.toCharArray());
    }

    @AfterAll
    static void stop() {
        server.close();
        f.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, String json, String token, X509Certificate cert)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header(LoopbackTestTransport.CERT_HEADER, Base64.getEncoder().encodeToString(cert.getEncoded()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] signedOp(String token, String type, Map<String, String> params) throws Exception {
        HttpResponse<byte[]> n = send("POST", "/api/v1/ops/nonce", "{}", token, admin.cert());
        assertThat(n.statusCode()).isEqualTo(200);
        byte[] nonce = Base64.getUrlDecoder().decode(Json.MAPPER.readTree(n.body()).get("nonce").asText());
        OperationDocument.Builder b = OperationDocument.builder().type(type).operator("secadmin")
                .signerCertSm3(SignedDocuments.certificateSm3(admin.cert())).nonce(nonce).issuedAt(Instant.now())
                .serverId(f.t.services.serverId());
        params.forEach(b::parameter);
        return OperationSigner.builder().signerCertificate(admin.cert()).clock(Clock.systemUTC()).build()
                .sign(b.build(), new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(admin.key()));
    }

    private static String body(byte[] cms) throws Exception {
        return Json.MAPPER.writeValueAsString(Map.of("cms", Base64.getEncoder().encodeToString(cms)));
    }

    @Test
    void signedOperationsReceiptsAndProofsOverHttp() throws Exception {
        String token = login();
        byte[] cms = signedOp(token, "role.grant", Map.of("username", "bob", "role", "OPERATOR"));
        HttpResponse<byte[]> ok = send("POST", "/api/v1/ops", body(cms), token, admin.cert());
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(ok.body());
        Receipt r1 = Receipt.fromJson((ObjectNode) answer.get("receipt"));
        byte[] entry = Base64.getDecoder().decode(answer.get("entry").asText());
        ReceiptVerifier rv = new ReceiptVerifier(f.t.services.ledger().publicKey());
        assertThat(rv.verify(r1, entry)).isEmpty();
        assertThat(f.t.services.rbac().roles(bobId)).contains(Role.OPERATOR);

        // the same CMS again: refused with the one generic error, nothing executed
        f.t.services.rbac().revoke(f.secAdmin, bobId, Role.OPERATOR);
        HttpResponse<byte[]> replay = send("POST", "/api/v1/ops", body(cms), token, admin.cert());
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(replay.body()).get("code").asText()).isEqualTo("OPERATION_REFUSED");
        assertThat(f.t.services.rbac().roles(bobId)).doesNotContain(Role.OPERATOR);

        HttpResponse<byte[]> ok2 = send("POST", "/api/v1/ops",
                body(signedOp(token, "role.grant", Map.of("username", "bob", "role", "OPERATOR"))), token, admin.cert());
        assertThat(ok2.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> head = send("GET", "/api/v1/ledger/tree-head", null, token, admin.cert());
        assertThat(head.statusCode()).isEqualTo(200);
        SignedTreeHead newer = SignedTreeHead.decode(head.body());
        long size = newer.treeHead().treeSize();
        long older = r1.signedTreeHead().treeHead().treeSize();
        assertThat(size).isGreaterThan(older); // (logins may be ledger entries too: indexes are read, not assumed)
        TreeHeadVerifier tv = new TreeHeadVerifier(f.t.services.ledger().publicKey());
        HttpResponse<byte[]> cons = send("GET", "/api/v1/ledger/proof/consistency?from=" + older + "&to=" + size, null, token,
                admin.cert());
        assertThat(cons.statusCode()).isEqualTo(200);
        assertThat(tv.verifyConsistency(r1.signedTreeHead(), newer, ConsistencyProof.decode(cons.body()))).isEmpty();
        HttpResponse<byte[]> inc = send("GET", "/api/v1/ledger/proof/inclusion?index=" + r1.leafIndex() + "&size=" + size, null,
                token, admin.cert());
        assertThat(InclusionProof.decode(inc.body()).verify(r1.leafHash(), newer.treeHead().rootHash())).isTrue();
        assertThat(send("GET", "/api/v1/ledger/proof/inclusion?index=" + (size + 3) + "&size=" + size, null, token,
                admin.cert()).statusCode()).isEqualTo(400);
        assertThat(Optional.of(f.t.services.ledger().verify().ok())).contains(true);
        // listing pending requests needs the approver permission
        assertThat(send("GET", "/api/v1/ops/pending", null, token, admin.cert()).statusCode()).isEqualTo(403);
    }

    private static String login() throws Exception {
        HttpResponse<byte[]> ch = send("POST", "/api/v1/auth/challenge", Json.MAPPER.writeValueAsString(Map.of("username", "secadmin")),
                "x", admin.cert());
        JsonNode c = Json.MAPPER.readTree(ch.body());
        byte[] st = new cn.yzt.ops.protocol.api.LoginStatement("secadmin", Base64.getUrlDecoder().decode(c.get("nonce").asText()),
                c.get("serverId").asText(), java.util.HexFormat.of().parseHex(c.get("serverCertSm3").asText()), Instant.now())
                .toCanonicalJson();
        byte[] sig = LoginFixture.sign(admin.key(), st);
        HttpResponse<byte[]> r = send("POST", "/api/v1/auth/login", Json.MAPPER.writeValueAsString(Map.of(
                "challengeId", c.get("challengeId").asText(), "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(sig), "certificate", Base64.getEncoder().encodeToString(admin.cert().getEncoded()),
                "password", LoginFixture.PASSWORD)), "x", admin.cert());
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }
}
