package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
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
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The login over real TLCP on loopback: the server's identity in the statement is the SM3 of its
 * TLCP sign certificate, and the signer must be the TLCP client's sign certificate.
 * (Software keys; the soft UKEY through JNA: TokenTlcpLoginTest.)
 */
class TlcpLoginTest {

    record Party(KeyPair sign, X509Certificate signCert, KeyPair enc, X509Certificate encCert) {
    }

    private static LoginFixture f;
    private static ApiServer server;
    private static CertificateAuthority ca;
    private static Party admin;
    private static Party other;

    static Party party(String dn, List<String> sans) {
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        Validity v = Validity.fromNow(Duration.ofDays(30));
        return new Party(s, ca.issue(dn, s.getPublic(), CertificateProfile.SIGN, v, sans), e,
                ca.issue(dn, e.getPublic(), CertificateProfile.ENC, v, sans));
    }

    @BeforeAll
    static void start() {
        f = new LoginFixture();
        ca = CertificateAuthority.createRoot("CN=YZT TLCP Test CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)));
        Party srv = party("CN=localhost,O=YZT,C=CN", List.of("localhost", "127.0.0.1"));
        admin = party("CN=安全管理员,O=YZT,C=CN", List.of());
        other = party("CN=other,O=YZT,C=CN", List.of());
        X509Certificate[] chainS = {srv.signCert(), ca.certificate()};
        X509Certificate[] chainE = {srv.encCert(), ca.certificate()};
        TlcpTransport transport = new TlcpTransport(TlcpContexts.server()
                .keys(srv.sign().getPrivate(), chainS, srv.enc().getPrivate(), chainE)
                .trustAnchor(ca.certificate()).crls(List.of(ca.crl())).build());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(ca.certificate()), List.of(ca.crl())),
                Duration.ZERO, f.clock);
        server = ApiServer.start(f.t.services, f.t.services.login(new ServerIdentity(f.t.services.serverId(),
                transport.serverCertSm3()), checker), transport, "127.0.0.1", 0, 65536);
        f.t.services.certificates().bind(f.secAdmin, f.secAdmin, admin.signCert());
    }

    @AfterAll
    static void stop() {
        server.close();
        f.close();
    }

    static OkHttpClient client(Party p) {
        return TlcpOkHttp.client(TlcpContexts.client().trustAnchor(ca.certificate()).crls(List.of(ca.crl()))
                .keys(p.sign().getPrivate(), new X509Certificate[] {p.signCert(), ca.certificate()},
                        p.enc().getPrivate(), new X509Certificate[] {p.encCert(), ca.certificate()}).build(),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    static JsonNode[] post(OkHttpClient c, String path, Object body, String token) throws Exception {
        Request.Builder b = new Request.Builder().url("https://127.0.0.1:" + server.port() + path)
                .post(RequestBody.create(Json.MAPPER.writeValueAsBytes(body), MediaType.get("application/json")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try (Response r = c.newCall(b.build()).execute()) {
            byte[] bytes = r.body().bytes();
            return new JsonNode[] {Json.MAPPER.valueToTree(r.code()), bytes.length == 0 ? null : Json.MAPPER.readTree(bytes)};
        }
    }

    static JsonNode[] login(OkHttpClient c, Party signer) throws Exception {
        JsonNode ch = post(c, "/api/v1/auth/challenge", Map.of("username", "secadmin"), null)[1];
        byte[] st = new LoginStatement("secadmin", Base64.getUrlDecoder().decode(ch.get("nonce").asText()),
                ch.get("serverId").asText(), HexFormat.of().parseHex(ch.get("serverCertSm3").asText()), Instant.now())
                .toCanonicalJson();
        return post(c, "/api/v1/auth/login", Map.of("challengeId", ch.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(signer.sign().getPrivate(), st)),
                "certificate", Base64.getEncoder().encodeToString(signer.signCert().getEncoded()),
                "password", LoginFixture.PASSWORD), null);
    }

    @Test
    void loginOverTlcpAndSessionBoundToTheTlcpCertificate() throws Exception {
        OkHttpClient c = client(admin);
        JsonNode[] r = login(c, admin);
        assertThat(r[0].asInt()).as(String.valueOf(r[1])).isEqualTo(200);
        String token = r[1].get("token").asText();
        try (Response me = c.newCall(new Request.Builder().url("https://127.0.0.1:" + server.port() + "/api/v1/me")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            assertThat(me.code()).isEqualTo(200);
        }
        // the same token over another client's TLCP connection is refused
        try (Response me = client(other).newCall(new Request.Builder().url("https://127.0.0.1:" + server.port() + "/api/v1/me")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            assertThat(me.code()).isEqualTo(401);
        }
    }

    @Test
    void statementSignedByAdminButSentOverAnotherClientsTlcpIsRefused() throws Exception {
        JsonNode[] r = login(client(other), admin);
        assertThat(r[0].asInt()).isEqualTo(401);
        assertThat(f.lastLoginReason()).isEqualTo("SIGNER_NOT_TLCP_CLIENT_CERT");
    }

    /**
     * The hostile-input check over the production transport (TLCP, real client certificate):
     * every malformed request gets a 4xx JSON error and no application table changes.
     * (ApiHttpTest runs the larger matrix over the plain-HTTP test transport.)
     */
    @Test
    void hostileRequestsOverTlcpGet4xxAndChangeNothing() throws Exception {
        OkHttpClient c = client(admin);
        JsonNode[] in = login(c, admin);
        assertThat(in[0].asInt()).isEqualTo(200);
        String token = in[1].get("token").asText();
        String before = checksum();
        String[] paths = {"/api/v1/auth/challenge", "/api/v1/auth/login", "/api/v1/users", "/api/v1/users/1/roles",
            "/api/v1/users/1/certificates"};
        String[] bodies = {"", "{", "[]", "null", "42", "{\"username\":42}", "{\"username\":\"a'; DROP TABLE users;--\"}",
            "{\"username\":\"admin\\u0000\"}", "{\"challengeId\":\"not-a-uuid\"}",
            "{\"challengeId\":\"00000000-0000-0000-0000-000000000000\",\"statement\":\"%%%\",\"signature\":\"AA==\",\"certificate\":\"AA==\",\"password\":\"x\"}",
            "{\"role\":\"GOD\"}", "{\"certificate\":\"MIIB\"}", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}",
            "{\"username\":\"" + "a".repeat(70_000) + "\"}"};
        int n = 0;
        for (String p : paths) {
            for (String b : bodies) {
                Request req = new Request.Builder().url("https://127.0.0.1:" + server.port() + p)
                        .header("Authorization", "Bearer " + token)
                        .post(RequestBody.create(b.getBytes(java.nio.charset.StandardCharsets.UTF_8), MediaType.get("application/json")))
                        .build();
                try (Response r = c.newCall(req).execute()) {
                    assertThat(r.code()).as(p + " " + b.substring(0, Math.min(40, b.length()))).isBetween(400, 499);
                    assertThat(Json.MAPPER.readTree(r.body().bytes()).get("code")).isNotNull();
                } catch (java.io.IOException ex) {
                    // only an oversized body may be cut off by the server's early 413 + close
                    assertThat(b.length()).as(p + " " + ex).isGreaterThan(65536);
                }
                n++;
            }
        }
        assertThat(n).isEqualTo(paths.length * bodies.length);
        assertThat(checksum()).isEqualTo(before);
    }

    /** Row counts and an md5 over the application tables (the audit log records the attempts). */
    private static String checksum() {
        StringBuilder sb = new StringBuilder();
        for (String t : List.of("users", "user_roles", "role_permissions", "user_certs", "login_challenges", "key_versions")) {
            try (var con = f.t.db.connection(); var st = con.createStatement();
                    var rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM " + t + " x")) {
                rs.next();
                sb.append(t).append('=').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(';');
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
        return sb.toString();
    }
}
