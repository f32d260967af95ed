package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.skf.jca.SkfPrivateKey;
import cn.yzt.ops.skf.jca.SkfProvider;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.TlcpProviders;
import cn.yzt.ops.tlcp.okhttp.TlcpOkHttp;
import cn.yzt.ops.tlcp.pki.CertificateAuthority;
import cn.yzt.ops.tlcp.pki.CertificateProfile;
import cn.yzt.ops.tlcp.pki.Sm2KeyPairs;
import cn.yzt.ops.tlcp.pki.Validity;
import cn.yzt.ops.tlcp.token.SoftToken;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The login as the console does it: the real soft UKEY through JNA (skf-binding's JCA provider)
 * holds the TLCP client keys AND signs the login statement; nothing of the admin's is in software.
 * The server side is the production one (TlcpTransport, CertificateChecker, LoginService).
 */
class TokenTlcpLoginTest {

    @TempDir
    static Path dir;

    private static LoginFixture f;
    private static ApiServer server;
    private static CertificateAuthority ca;
    private static SoftToken token;
    private static KeyStore store;

    @BeforeAll
    static void start() throws Exception {
        Assertions.assertTrue(SoftToken.available(), "the soft UKEY must be built first (-pl ...,soft-ukey,...)");
        f = new LoginFixture();
        ca = CertificateAuthority.createRoot("CN=YZT UKEY Login CA,O=YZT,C=CN", Validity.fromNow(Duration.ofDays(365)));
        token = new SoftToken(dir, ca);
        TlcpProviders.installTokenProvider(new SkfProvider());
        store = token.keyStore();
        KeyPair s = Sm2KeyPairs.generate();
        KeyPair e = Sm2KeyPairs.generate();
        Validity v = Validity.fromNow(Duration.ofDays(30));
        X509Certificate root = ca.certificate();
        TlcpTransport transport = new TlcpTransport(TlcpContexts.server()
                .keys(s.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost,O=YZT,C=CN", s.getPublic(), CertificateProfile.SIGN, v, List.of("127.0.0.1")), root},
                        e.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=localhost,O=YZT,C=CN", e.getPublic(), CertificateProfile.ENC, v, List.of("127.0.0.1")), root})
                .trustAnchor(root).crls(List.of(ca.crl())).build());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(root), List.of(ca.crl())),
                Duration.ZERO, f.clock);
        server = ApiServer.start(f.t.services, f.t.services.login(new ServerIdentity(f.t.services.serverId(),
                transport.serverCertSm3()), checker), transport, "127.0.0.1", 0, 65536);
        f.t.services.certificates().bind(f.secAdmin, f.secAdmin, token.signCertificate());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (f != null) {
            f.close();
        }
    }

    /** TLCP client whose sign and enc keys are handles on the token. */
    static OkHttpClient tokenClient() {
        return TlcpOkHttp.client(TlcpContexts.client().trustAnchor(ca.certificate())
                .keyStore(store, null, SoftToken.CONTAINER).build(), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    /** TLCP client with software keys and a certificate of the same CA (another person). */
    static OkHttpClient softwareClient(KeyPair sign) {
        KeyPair enc = Sm2KeyPairs.generate();
        Validity v = Validity.fromNow(Duration.ofDays(30));
        X509Certificate root = ca.certificate();
        return TlcpOkHttp.client(TlcpContexts.client().trustAnchor(root).crls(List.of(ca.crl()))
                .keys(sign.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=other,O=YZT,C=CN", sign.getPublic(), CertificateProfile.SIGN, v, List.of()), root},
                        enc.getPrivate(), new X509Certificate[] {
                    ca.issue("CN=other,O=YZT,C=CN", enc.getPublic(), CertificateProfile.ENC, v, List.of()), root})
                .build(), Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    static PrivateKey tokenSignKey() throws Exception {
        PrivateKey k = (PrivateKey) store.getKey(SoftToken.CONTAINER, null);
        assertThat(k).isInstanceOf(SkfPrivateKey.class);
        return k;
    }

    /** SM3withSM2 by JCA provider selection: on the token for an SKF key, in BouncyCastle otherwise. */
    static byte[] sign(PrivateKey key, byte[] data) throws Exception {
        if (!(key instanceof SkfPrivateKey)) {
            return LoginFixture.sign(key, data);
        }
        Signature sig = Signature.getInstance("SM3withSM2");
        sig.initSign(key);
        sig.update(data);
        byte[] out = sig.sign();
        assertThat(sig.getProvider().getName()).isEqualTo(new SkfProvider().getName());
        return out;
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

    /** Challenge then login over {@code c}; the statement is signed with {@code signer}, {@code cert} presented. */
    static JsonNode[] login(OkHttpClient c, PrivateKey signer, X509Certificate cert) throws Exception {
        JsonNode ch = post(c, "/api/v1/auth/challenge", Map.of("username", "secadmin"), null)[1];
        byte[] st = new LoginStatement("secadmin", Base64.getUrlDecoder().decode(ch.get("nonce").asText()),
                ch.get("serverId").asText(), HexFormat.of().parseHex(ch.get("serverCertSm3").asText()), Instant.now())
                .toCanonicalJson();
        return post(c, "/api/v1/auth/login", Map.of("challengeId", ch.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(sign(signer, st)),
                "certificate", Base64.getEncoder().encodeToString(cert.getEncoded()),
                "password", LoginFixture.PASSWORD), null);
    }

    @Test
    void loginWithTlcpKeyAndStatementSignatureOnTheSoftUkey() throws Exception {
        OkHttpClient c = tokenClient();
        JsonNode[] r = login(c, tokenSignKey(), token.signCertificate());
        assertThat(r[0].asInt()).as(String.valueOf(r[1])).isEqualTo(200);
        assertThat(f.lastLoginReason()).isNull();
        try (Response me = c.newCall(new Request.Builder().url("https://127.0.0.1:" + server.port() + "/api/v1/me")
                .header("Authorization", "Bearer " + r[1].get("token").asText()).build()).execute()) {
            assertThat(me.code()).isEqualTo(200);
        }
    }

    @Test
    void statementSignedByAnotherKeyOverTheTokensTlcpIsRefused() throws Exception {
        // the token is the TLCP client and its certificate is presented, but a software key signed
        JsonNode[] r = login(tokenClient(), Sm2KeyPairs.generate().getPrivate(), token.signCertificate());
        assertThat(r[0].asInt()).isEqualTo(401);
        assertThat(r[1].get("code").asText()).isEqualTo("LOGIN_FAILED");
        assertThat(f.lastLoginReason()).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void statementSignedOnTheTokenButSentOverAnotherClientsTlcpIsRefused() throws Exception {
        JsonNode[] r = login(softwareClient(Sm2KeyPairs.generate()), tokenSignKey(), token.signCertificate());
        assertThat(r[0].asInt()).isEqualTo(401);
        assertThat(r[1].get("code").asText()).isEqualTo("LOGIN_FAILED");
        assertThat(f.lastLoginReason()).isEqualTo("SIGNER_NOT_TLCP_CLIENT_CERT");
    }
}
