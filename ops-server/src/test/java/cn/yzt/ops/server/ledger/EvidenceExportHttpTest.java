package cn.yzt.ops.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.evidence.EvidenceReport;
import cn.yzt.ops.protocol.evidence.EvidenceVerifier;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.ledger.EntryKind;
import cn.yzt.ops.protocol.ledger.LedgerEntry;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationSigner;
import cn.yzt.ops.protocol.operation.SignedDocument;
import cn.yzt.ops.protocol.operation.SignedDocuments;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.http.ApiServer;
import cn.yzt.ops.server.http.Json;
import cn.yzt.ops.server.http.Transport;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;
import io.javalin.http.Context;

/**
 * Evidence export over HTTP (loopback transport, real PostgreSQL, real SM2): a login, a
 * dual-control request and its approval each export as one bundle that ops-protocol's
 * EvidenceVerifier accepts with only the trust anchor and the ledger public key; one changed byte
 * anywhere makes it fail; only the entry's own person or an AUDIT_EXPORT holder gets it; the export
 * and a session revocation are recorded (audit, ADMIN_EVENT ledger entry).
 */
class EvidenceExportHttpTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String CERT_HEADER = "X-Test-Tlcp-Client-Cert";

    /** TEST ONLY: plain loopback HTTP, the "TLCP client certificate" from a header (as the http tests' transport). */
    static final class HeaderTransport implements Transport {
        private final byte[] sm3 = Bytes.random(32);

        @Override
        public Connector connector(Server server, HttpConfiguration http, String host, int port) {
            ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
            c.setHost("127.0.0.1");
            c.setPort(port);
            return c;
        }

        @Override
        public Optional<X509Certificate> clientCertificate(Context ctx) {
            String h = ctx.header(CERT_HEADER);
            try {
                return h == null ? Optional.empty() : Optional.of((X509Certificate) CertificateFactory.getInstance("X.509", BC)
                        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(h))));
            } catch (Exception ex) {
                return Optional.empty();
            }
        }

        @Override
        public byte[] serverCertSm3() {
            return sm3.clone();
        }
    }

    private record Person(String name, long id, TestPki.Identity key, String token) {
    }

    private static LoginFixture f;
    private static ApiServer server;
    private static TestPki.Identity admin;
    private static Person alice;
    private static Person carol;
    private static Person dave;
    private static Person bob;
    private static EvidenceVerifier verifier;

    @BeforeAll
    static void start() {
        f = new LoginFixture();
        HeaderTransport transport = new HeaderTransport();
        ServerIdentity id = new ServerIdentity(f.t.services.serverId(), transport.serverCertSm3());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(f.ca.caCert()), List.of(f.ca.currentCrl())),
                Duration.ZERO, f.clock);
        server = ApiServer.start(f.t.services, f.t.services.login(id, checker), transport, "127.0.0.1", 0, 65536);
        admin = f.ca.issue("secadmin");
        f.t.services.certificates().bind(f.secAdmin, f.secAdmin, admin.cert());
        alice = person("alice", Role.SECURITY_ADMIN);
        carol = person("carol", Role.APPROVER);
        dave = person("dave", Role.AUDITOR);
        bob = person("bob", null);
        f.t.sql("INSERT INTO op_policy (type, dual_control) VALUES ('role.grant', true)"
                + " ON CONFLICT (type) DO UPDATE SET dual_control = true");
        verifier = new EvidenceVerifier(Set.of(f.ca.caCert()), f.t.services.ledger().publicKey());
    }

    private static Person person(String name, Role role) {
        TestPki.Identity key = f.account(name);
        long uid = f.t.services.users().idOf(name).orElseThrow();
        if (role != null) {
            f.t.services.rbac().grant(null, uid, role);
        }
        return new Person(name, uid, key, f.t.services.sessions().create(uid, name, key.cert()).token());
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
                .header(CERT_HEADER, Base64.getEncoder().encodeToString(cert.getEncoded()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] nonce(Person p) throws Exception {
        HttpResponse<byte[]> n = send("POST", "/api/v1/ops/nonce", "{}", p.token(), p.key().cert());
        assertThat(n.statusCode()).isEqualTo(200);
        return Base64.getUrlDecoder().decode(Json.MAPPER.readTree(n.body()).get("nonce").asText());
    }

    private static byte[] sign(Person p, SignedDocument d) throws Exception {
        return OperationSigner.builder().signerCertificate(p.key().cert()).clock(Clock.systemUTC()).build()
                .sign(d, new JcaContentSignerBuilder("SM3withSM2").setProvider(BC).build(p.key().key()));
    }

    private static void post(Person p, String path, byte[] cms) throws Exception {
        HttpResponse<byte[]> r = send("POST", path, Json.MAPPER.writeValueAsString(Map.of("cms",
                Base64.getEncoder().encodeToString(cms))), p.token(), p.key().cert());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    }

    private static long lastIndex(String kind) {
        return f.t.count("SELECT max(idx) FROM ledger_entries WHERE kind = '" + kind + "'");
    }

    private static HttpResponse<byte[]> export(Person p, Object index) throws Exception {
        return send("GET", "/api/v1/ledger/evidence/" + index, null, p.token(), p.key().cert());
    }

    private static String httpLogin() throws Exception {
        HttpResponse<byte[]> ch = send("POST", "/api/v1/auth/challenge", Json.MAPPER.writeValueAsString(Map.of("username", "secadmin")),
                "x", admin.cert());
        JsonNode c = Json.MAPPER.readTree(ch.body());
        byte[] st = new cn.yzt.ops.protocol.api.LoginStatement("secadmin", Base64.getUrlDecoder().decode(c.get("nonce").asText()),
                c.get("serverId").asText(), java.util.HexFormat.of().parseHex(c.get("serverCertSm3").asText()), Instant.now())
                .toCanonicalJson();
        HttpResponse<byte[]> r = send("POST", "/api/v1/auth/login", Json.MAPPER.writeValueAsString(Map.of(
                "challengeId", c.get("challengeId").asText(), "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(admin.key(), st)),
                "certificate", Base64.getEncoder().encodeToString(admin.cert().getEncoded()),
                "password", LoginFixture.PASSWORD)), "x", admin.cert());
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    @Test
    void loginIsANonRepudiableLedgerEntryWhoseBundleVerifiesOffline() throws Exception {
        long before = f.t.count("SELECT count(*) FROM ledger_entries WHERE kind = 'login'");
        String token = httpLogin();
        assertThat(f.t.count("SELECT count(*) FROM ledger_entries WHERE kind = 'login'")).isEqualTo(before + 1);
        long idx = lastIndex("login");
        Person me = new Person("secadmin", f.secAdmin, admin, token);
        HttpResponse<byte[]> r = export(me, idx);
        assertThat(r.statusCode()).isEqualTo(200);
        EvidenceReport rep = verifier.verify(r.body());
        assertThat(rep.isVerified()).as(rep.toString()).isTrue();
        LedgerEntry e = rep.entry().orElseThrow();
        assertThat(e.kind()).isEqualTo(EntryKind.LOGIN);
        // the payload alone proves who signed what: statement + signature + certificate
        ObjectNode p = StrictJson.parseCanonicalObject(e.payload());
        assertThat(p.get("username").asText()).isEqualTo("secadmin");
        byte[] statement = Base64.getDecoder().decode(p.get("statement").asText());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", BC).generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(p.get("certificate").asText())));
        Signature s = Signature.getInstance("SM3withSM2", BC);
        s.initVerify(cert.getPublicKey());
        s.update(statement);
        assertThat(s.verify(Base64.getDecoder().decode(p.get("signature").asText()))).isTrue();
        assertThat(cert).isEqualTo(admin.cert());
        assertThat(new String(statement, StandardCharsets.UTF_8)).contains("\"purpose\":\"login\"");
        // a failed login leaves no ledger entry
        long count = f.t.count("SELECT count(*) FROM ledger_entries");
        HttpResponse<byte[]> ch = send("POST", "/api/v1/auth/challenge", Json.MAPPER.writeValueAsString(Map.of("username", "secadmin")),
                "x", admin.cert());
        JsonNode c = Json.MAPPER.readTree(ch.body());
        HttpResponse<byte[]> bad = send("POST", "/api/v1/auth/login", Json.MAPPER.writeValueAsString(Map.of(
                "challengeId", c.get("challengeId").asText(), "statement", Base64.getEncoder().encodeToString(statement),
                "signature", p.get("signature").asText(), "certificate", p.get("certificate").asText(),
                "password", LoginFixture.PASSWORD)), "x", admin.cert());
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(f.t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(count);
    }

    @Test
    void dualControlBundlesCarryTheirRelatedEntryAndAnyChangedByteFails() throws Exception {
        byte[] request = sign(alice, OperationDocument.builder().type("role.grant").operator("alice")
                .signerCertSm3(SignedDocuments.certificateSm3(alice.key().cert())).nonce(nonce(alice)).issuedAt(Instant.now())
                .serverId(f.t.services.serverId()).parameter("username", "bob").parameter("role", "OPERATOR").build());
        post(alice, "/api/v1/ops", request);
        long req = lastIndex("operation");
        byte[] leaf = LedgerEntry.decode(f.t.services.ledger().entry(req).orElseThrow()).leafHash();
        byte[] approval = sign(carol, ApprovalDocument.builder().decision(ApprovalDocument.Decision.APPROVE)
                .requestLeafHash(leaf).requestType("role.grant").operator("carol")
                .signerCertSm3(SignedDocuments.certificateSm3(carol.key().cert())).nonce(nonce(carol))
                .issuedAt(Instant.now()).serverId(f.t.services.serverId()).build());
        post(carol, "/api/v1/ops/approvals", approval);
        long appr = lastIndex("approval");
        assertThat(f.t.services.rbac().roles(bob.id())).contains(Role.OPERATOR);

        // the approver's bundle holds the request; the requester's holds the approval; both verify offline
        HttpResponse<byte[]> a = export(carol, appr);
        assertThat(a.statusCode()).isEqualTo(200);
        EvidenceReport ra = verifier.verify(a.body());
        assertThat(ra.isVerified()).as(ra.toString()).isTrue();
        assertThat(ra.related()).hasSize(1);
        assertThat(ra.operation().orElseThrow().document()).isInstanceOf(ApprovalDocument.class);
        HttpResponse<byte[]> q = export(alice, req);
        EvidenceReport rq = verifier.verify(q.body());
        assertThat(rq.isVerified()).as(rq.toString()).isTrue();
        assertThat(rq.related()).hasSize(1);
        // an auditor may export anyone's entry; a bystander may not (403, audited); no such entry: 404
        assertThat(export(dave, req).statusCode()).isEqualTo(200);
        assertThat(export(bob, req).statusCode()).isEqualTo(403);
        assertThat(export(bob, 999_999).statusCode()).isEqualTo(404);
        assertThat(export(bob, "x1").statusCode()).isEqualTo(400);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'LEDGER_EVIDENCE_EXPORT' AND outcome = 'SUCCESS'"))
                .isGreaterThanOrEqualTo(3);
        assertThat(f.t.count("SELECT count(*) FROM audit_log WHERE event_type = 'LEDGER_EVIDENCE_EXPORT' AND outcome = 'FAILURE'"))
                .isEqualTo(1);

        // one changed byte anywhere (entry, receipt, proof, tree head, certificates, CRL, related) fails
        byte[] bundle = a.body();
        int tried = 0;
        for (int i = 0; i < bundle.length; i += 37) {
            byte[] t = bundle.clone();
            t[i] = changed(t[i]);
            if (t[i] == bundle[i]) {
                continue;
            }
            tried++;
            assertThat(verifier.verify(t).isVerified()).as("byte " + i + " of " + bundle.length).isFalse();
        }
        assertThat(tried).isGreaterThan(100);
        // the wrong ledger key or the wrong trust anchor: refused as well
        assertThat(new EvidenceVerifier(Set.of(new cn.yzt.ops.server.testing.TestPki("Other CA").caCert()),
                f.t.services.ledger().publicKey()).verify(bundle).isVerified()).isFalse();
    }

    /** A different character of the same class (so most changes keep the JSON well-formed and test the checks). */
    private static byte changed(byte b) {
        if (b >= '0' && b <= '9') {
            return (byte) (b == '9' ? '0' : b + 1);
        }
        if (b >= 'a' && b <= 'z') {
            return (byte) (b == 'z' ? 'a' : b + 1);
        }
        if (b >= 'A' && b <= 'Z') {
            return (byte) (b == 'Z' ? 'A' : b + 1);
        }
        return b;
    }

    @Test
    void theUnsignedSessionRevocationIsClosedAndLedgersNothing() throws Exception {
        // Revoking a session is the signed operation session.revoke (OperationTypesServiceTest); the
        // old unsigned DELETE must neither act nor leave anything in the ledger.
        Person victim = person("erin", null);
        String sid = f.t.services.sessions().active(f.secAdmin).stream().filter(s -> s.username().equals("erin"))
                .findFirst().orElseThrow().id();
        String adminToken = httpLogin();
        long entries = f.t.count("SELECT count(*) FROM ledger_entries");
        var refused = send("DELETE", "/api/v1/sessions/" + sid, null, adminToken, admin.cert());
        assertThat(refused.statusCode()).isEqualTo(410);
        assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("SIGNED_OPERATION_REQUIRED");
        assertThat(f.t.count("SELECT count(*) FROM ledger_entries")).isEqualTo(entries);
        assertThat(f.t.services.sessions().active(f.secAdmin).stream().anyMatch(s -> s.id().equals(sid))).isTrue();
        assertThat(send("GET", "/api/v1/me", null, victim.token(), victim.key().cert()).statusCode()).isEqualTo(200);
        assertThat(f.t.services.ledger().verify().ok()).isTrue();
    }
}
