package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.server.Bootstrap;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.ops.SignedOps;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.testing.TestServices;

/**
 * The bootstrap story (ops-server/README.md): from a fresh init with a security administrator and
 * an approver, two people with two UKEY certificates, everything else happens through signed
 * operations over HTTP only: enrolment, certificate binding, a dual-control role grant, and a
 * dual-control key rotation that its requester cannot approve and another person can.
 */
class BootstrapStoryHttpTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestServices t;
    private static TestPki ca;
    private static ApiServer server;
    private static TestPki.Identity adminKey;
    private static TestPki.Identity approverKey;

    @BeforeAll
    static void init() {
        t = new TestServices(ServerConfig.defaults().with("auth.passwordIterations", "1000"), Clock.systemUTC());
        ca = new TestPki("YZT UKEY CA");
        LoopbackTestTransport transport = new LoopbackTestTransport();
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(ca.caCert()), List.of(ca.currentCrl())),
                Duration.ZERO, Clock.systemUTC());
        server = ApiServer.start(t.services, t.services.login(new ServerIdentity(t.services.serverId(),
                transport.serverCertSm3()), checker), transport, "127.0.0.1", 0, 65536);
        t.services.operations().keyRotator(t.vault::rotate);
        adminKey = ca.issue("secadmin");
        approverKey = ca.issue("approver");
        // what `ops-server init --admin secadmin … --approver approver …` does
        Bootstrap.initialize(t.services,
                new Bootstrap.Person("secadmin", "安全管理员", LoginFixture.PASSWORD.toCharArray(), adminKey.cert()),
                new Bootstrap.Person("approver", "审批人", LoginFixture.PASSWORD.toCharArray(), approverKey.cert()));
    }

    @AfterAll
    static void stop() {
        server.close();
        t.close();
    }

    private static String login(String username, TestPki.Identity id, String password) throws Exception {
        JsonNode ch = post("/api/v1/auth/challenge", Map.of("username", username), id);
        byte[] st = new LoginStatement(username, Base64.getUrlDecoder().decode(ch.get("nonce").asText()),
                ch.get("serverId").asText(), HexFormat.of().parseHex(ch.get("serverCertSm3").asText()), Instant.now())
                .toCanonicalJson();
        JsonNode r = post("/api/v1/auth/login", Map.of("challengeId", ch.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(id.key(), st)),
                "certificate", Base64.getEncoder().encodeToString(id.cert().getEncoded()), "password", password), id);
        return r.get("token").asText();
    }

    private static JsonNode post(String path, Map<String, String> body, TestPki.Identity id) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .header("Content-Type", "application/json")
                .header(LoopbackTestTransport.CERT_HEADER, Base64.getEncoder().encodeToString(id.cert().getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static SignedOpsHttp person(String username, TestPki.Identity id, String password) throws Exception {
        return new SignedOpsHttp(server.port(), login(username, id, password), username, id, t.services.serverId());
    }

    private static String lastRefusal() {
        return t.count("SELECT count(*) FROM audit_log") > 0 ? reason() : null;
    }

    private static String reason() {
        try (var c = t.db.connection(); var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT reason FROM audit_log WHERE event_type = 'OPERATION' AND outcome = 'FAILURE' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void fromInitToTwoPersonControlThroughSignedOperationsOnly() throws Exception {
        SignedOpsHttp admin = person("secadmin", adminKey, LoginFixture.PASSWORD);
        // enrol a key administrator: account (server-made password), certificate, role
        SignedOpsHttp.Answer created = admin.submit("user.create", SignedOps.params("username", "kim", "displayName", "金"));
        assertThat(created.status()).isEqualTo(200);
        String kimPassword = created.body().get("result").get("initialPassword").asText();
        TestPki.Identity kimKey = ca.issue("kim");
        assertThat(admin.submit("cert.bind", SignedOps.params("username", "kim", "certificate",
                SignedOps.certificate(kimKey.cert()))).status()).isEqualTo(200);
        SignedOpsHttp.Answer grant = admin.submit("role.grant", SignedOps.params("username", "kim", "role", "KEY_ADMIN"));
        assertThat(grant.body().get("status").asText()).isEqualTo("pending"); // an administrator role: dual control
        long kim = t.services.users().idOf("kim").orElseThrow();
        assertThat(t.services.rbac().roles(kim)).isEmpty();
        // the administrator cannot approve it himself
        SignedOpsHttp.Answer selfApprove = admin.decide(grant.leafHash(), "role.grant", ApprovalDocument.Decision.APPROVE);
        assertThat(selfApprove.status()).isEqualTo(403);
        assertThat(lastRefusal()).isEqualTo("PERMISSION_DENIED");
        // the signer is told why, in both languages, under the generic code
        assertThat(selfApprove.body().get("code").asText()).isEqualTo("OPERATION_REFUSED");
        assertThat(selfApprove.body().get("reason").asText()).isEqualTo("PERMISSION_DENIED");
        assertThat(selfApprove.body().get("reason_zh").asText()).contains("权限");
        assertThat(selfApprove.body().get("reason_en").asText()).contains("permission");

        SignedOpsHttp approver = person("approver", approverKey, LoginFixture.PASSWORD);
        JsonNode pending = approver.call("GET", "/api/v1/ops/pending", null).body();
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get(0).get("descriptionZh").asText()).isEqualTo("授予用户 kim 角色 KEY_ADMIN");
        assertThat(pending.get(0).get("requester").asText()).isEqualTo("secadmin");
        assertThat(approver.decide(grant.leafHash(), "role.grant", ApprovalDocument.Decision.APPROVE).status()).isEqualTo(200);
        assertThat(t.services.rbac().roles(kim)).containsExactly(Role.KEY_ADMIN);
        // kim also becomes an approver (dual control again), so the rule "not your own" is what stops him below
        approver.decide(admin.submit("role.grant", SignedOps.params("username", "kim", "role", "APPROVER")).leafHash(),
                "role.grant", ApprovalDocument.Decision.APPROVE);
        assertThat(t.services.rbac().roles(kim)).containsExactlyInAnyOrder(Role.KEY_ADMIN, Role.APPROVER);

        // kim signs in with the one-time password and his own UKEY, and requests a key rotation
        SignedOpsHttp kimSession = person("kim", kimKey, kimPassword);
        int before = t.vault.currentId(KeyPurpose.FIELD_MAC);
        SignedOpsHttp.Answer rotate = kimSession.submit("key.rotate", SignedOps.params("purpose", "FIELD_MAC"));
        assertThat(rotate.body().get("status").asText()).isEqualTo("pending");
        SignedOpsHttp.Answer ownApproval = kimSession.decide(rotate.leafHash(), "key.rotate", ApprovalDocument.Decision.APPROVE);
        assertThat(ownApproval.status()).isEqualTo(403);
        assertThat(lastRefusal()).isEqualTo("APPROVAL_BY_REQUESTER");
        assertThat(ownApproval.body().get("reason").asText()).isEqualTo("APPROVAL_BY_REQUESTER");
        assertThat(ownApproval.body().get("reason_zh").asText()).contains("申请人不能审批自己的申请");
        assertThat(t.vault.currentId(KeyPurpose.FIELD_MAC)).isEqualTo(before);
        assertThat(approver.decide(rotate.leafHash(), "key.rotate", ApprovalDocument.Decision.APPROVE).status()).isEqualTo(200);
        assertThat(t.vault.currentId(KeyPurpose.FIELD_MAC)).isEqualTo(before + 1);
        JsonNode mine = kimSession.call("GET", "/api/v1/ops/mine", null).body();
        assertThat(mine.get(0).get("status").asText()).isEqualTo("approved");
        assertThat(mine.get(0).get("decidedBy").asText()).isEqualTo("approver");

        // every role after init was granted by a signed operation: granted_by set, and the ledger verifies
        assertThat(t.count("SELECT count(*) FROM user_roles WHERE granted_by IS NULL")).isEqualTo(2); // the two init roles
        assertThat(t.services.ledger().verify().ok()).isTrue();
    }
}
