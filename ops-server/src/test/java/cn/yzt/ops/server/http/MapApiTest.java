package cn.yzt.ops.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.GeometryFactory;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.api.LoginStatement;
import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.FeatureCodec;
import cn.yzt.ops.server.auth.CertificateChecker;
import cn.yzt.ops.server.auth.ServerIdentity;
import cn.yzt.ops.server.auth.TrustMaterial;
import cn.yzt.ops.server.map.DemoData;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.testing.LoginFixture;
import cn.yzt.ops.server.testing.TestPki;
import cn.yzt.ops.server.user.NewUser;

/** The map API over HTTP: permission, formats, and strict parameter checks (4xx, never 5xx). */
class MapApiTest {

    private static LoginFixture f;
    private static ApiServer server;
    // Bounded waits: a server that stops answering must fail the test, not hang the build.
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestPki.Identity viewer;
    private static TestPki.Identity auditor;
    private static String viewerToken;

    @BeforeAll
    static void start() throws Exception {
        f = new LoginFixture();
        DemoData.load(f.t.services.maps(), f.t.services.auditLog(), 400);
        LoopbackTestTransport transport = new LoopbackTestTransport();
        ServerIdentity id = new ServerIdentity(f.t.services.serverId(), transport.serverCertSm3());
        CertificateChecker checker = new CertificateChecker(new TrustMaterial(List.of(f.ca.caCert()), List.of(f.ca.currentCrl())),
                java.time.Duration.ZERO, f.clock);
        server = ApiServer.start(f.t.services, f.t.services.login(id, checker), transport, "127.0.0.1", 0, 65536);
        viewer = user("mapviewer", Role.OPERATOR);
        auditor = user("mapauditor", Role.AUDITOR);
        viewerToken = login("mapviewer", viewer);
    }

    @AfterAll
    static void stop() {
        server.close();
        f.close();
    }

    private static TestPki.Identity user(String name, Role role) {
        long uid = f.t.services.users().create(null, new NewUser(name, "地图用户", null, null, null), LoginFixture.PASSWORD.toCharArray());
        f.t.services.rbac().grant(null, uid, role);
        TestPki.Identity ident = f.ca.issue(name);
        f.t.services.certificates().bind(f.secAdmin, uid, ident.cert());
        return ident;
    }

    private static HttpResponse<byte[]> get(String path, String token, TestPki.Identity id, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30)).GET()
                .header("Authorization", "Bearer " + token)
                .header(LoopbackTestTransport.CERT_HEADER, Base64.getEncoder().encodeToString(id.cert().getEncoded()));
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String login(String username, TestPki.Identity id) throws Exception {
        HttpResponse<byte[]> ch = post("/api/v1/auth/challenge", Map.of("username", username), id);
        JsonNode c = Json.MAPPER.readTree(ch.body());
        byte[] st = new LoginStatement(username, Base64.getUrlDecoder().decode(c.get("nonce").asText()), c.get("serverId").asText(),
                HexFormat.of().parseHex(c.get("serverCertSm3").asText()), Instant.now()).toCanonicalJson();
        HttpResponse<byte[]> r = post("/api/v1/auth/login", Map.of("challengeId", c.get("challengeId").asText(),
                "statement", Base64.getEncoder().encodeToString(st),
                "signature", Base64.getEncoder().encodeToString(LoginFixture.sign(id.key(), st)),
                "certificate", Base64.getEncoder().encodeToString(id.cert().getEncoded()), "password", LoginFixture.PASSWORD), id);
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("token").asText();
    }

    private static HttpResponse<byte[]> post(String path, Object body, TestPki.Identity id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                .header("Content-Type", "application/json")
                .header(LoopbackTestTransport.CERT_HEADER, Base64.getEncoder().encodeToString(id.cert().getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<Feature> decode(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(MapRoutes.FEATURES);
        byte[] body = r.body();
        if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return FeatureCodec.decode(body, new GeometryFactory());
    }

    @Test
    void catalogFeaturesAndParcelSearch() throws Exception {
        HttpResponse<byte[]> cat = get("/api/v1/map/layers", viewerToken, viewer, false);
        assertThat(cat.statusCode()).isEqualTo(200);
        JsonNode layers = Json.MAPPER.readTree(cat.body());
        assertThat(layers).hasSize(5);
        JsonNode parcel = layers.get(4);
        assertThat(parcel.get("id").asText()).isEqualTo("parcel");
        assertThat(parcel.get("nameZh").asText()).contains("演示数据");
        assertThat(parcel.get("featureCount").asInt()).isGreaterThan(0);
        assertThat(layers.get(0).get("maxScale").isNull()).isTrue();

        HttpResponse<byte[]> r = get("/api/v1/map/layers/parcel/features?bbox=99.2,23.0,100.6,24.8&zoom=14", viewerToken, viewer, true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        List<Feature> all = decode(r);
        assertThat(all).hasSize(parcel.get("featureCount").asInt());
        assertThat(r.headers().firstValue("X-Feature-Count")).hasValue(Integer.toString(all.size()));

        Feature first = all.get(0);
        HttpResponse<byte[]> one = get("/api/v1/map/parcels/" + first.id(), viewerToken, viewer, false);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(decode(one)).singleElement().satisfies(p -> assertThat(p.attributes()).isEqualTo(first.attributes()));
        assertThat(get("/api/v1/map/parcels/YS000000-999999", viewerToken, viewer, false).statusCode()).isEqualTo(404);

        // a box away from the data is an empty block, not an error
        HttpResponse<byte[]> empty = get("/api/v1/map/layers/parcel/features?bbox=10,10,11,11", viewerToken, viewer, false);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(decode(empty)).isEmpty();
        assertThat(DemoDataGenerator.LINCANG.minLon()).isEqualTo(99.2);
    }

    @Test
    void withoutMapReadItIsForbidden() throws Exception {
        String token = login("mapauditor", auditor);
        HttpResponse<byte[]> r = get("/api/v1/map/layers", token, auditor, false);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/map/layers")).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(401);
    }

    @Test
    void badParametersAreBilingual4xxNever5xx() throws Exception {
        String base = "/api/v1/map/layers/parcel/features";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(base, "map.invalid.bbox");
        cases.put(base + "?bbox=", "map.invalid.bbox");
        cases.put(base + "?bbox=1,2,3", "map.invalid.bbox");
        cases.put(base + "?bbox=1,2,3,4,5", "map.invalid.bbox");
        cases.put(base + "?bbox=100,24,99,25", "map.invalid.bbox");
        cases.put(base + "?bbox=99,24,99,25", "map.invalid.bbox");
        cases.put(base + "?bbox=-181,0,1,1", "map.invalid.bbox");
        cases.put(base + "?bbox=0,-91,1,1", "map.invalid.bbox");
        cases.put(base + "?bbox=NaN,0,1,1", "map.invalid.bbox");
        cases.put(base + "?bbox=1e2,0,1,1", "map.invalid.bbox");
        cases.put(base + "?bbox=0x1p3,0,1,1", "map.invalid.bbox");
        cases.put(base + "?bbox=a,b,c,d", "map.invalid.bbox");
        cases.put(base + "?bbox=99,23,100,24&bbox=99,23,100,24", "map.invalid.bbox");
        cases.put(base + "?bbox=99,23,100,24&zoom=23", "map.invalid.zoom");
        cases.put(base + "?bbox=99,23,100,24&zoom=-1", "map.invalid.zoom");
        cases.put(base + "?bbox=99,23,100,24&zoom=abc", "map.invalid.zoom");
        cases.put(base + "?bbox=99,23,100,24&zoom=", "map.invalid.zoom");
        cases.put(base + "?bbox=99,23,100,24&zoom=999999999999", "map.invalid.zoom");
        cases.put(base + "?bbox=99,23,100,24&zoom=3&zoom=4", "map.invalid.zoom");
        cases.put("/api/v1/map/layers/nosuch/features?bbox=99,23,100,24", "NOT_FOUND");
        cases.put("/api/v1/map/layers/PARCEL/features?bbox=99,23,100,24", "NOT_FOUND");
        cases.put("/api/v1/map/layers/" + "a".repeat(41) + "/features?bbox=99,23,100,24", "NOT_FOUND");
        cases.put("/api/v1/map/layers/%27%3B--/features?bbox=99,23,100,24", "NOT_FOUND");
        cases.put("/api/v1/map/parcels/%20%27or1", "map.invalidParcelCode");
        cases.put("/api/v1/map/parcels/" + "A".repeat(41), "map.invalidParcelCode");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<byte[]> r = get(c.getKey(), viewerToken, viewer, false);
            assertThat(r.statusCode()).as(c.getKey()).isBetween(400, 499);
            JsonNode body = Json.MAPPER.readTree(r.body());
            assertThat(body.get("code").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(body.get("message_zh").asText()).as(c.getKey()).isNotBlank();
            assertThat(body.get("message_en").asText()).as(c.getKey()).isNotBlank();
        }
        assertThat(get(base + "?bbox=99.5,23.5,99.6,23.6&zoom=0", viewerToken, viewer, false).statusCode()).isEqualTo(200);
        assertThat(get(base + "?bbox=-180,-90,180,90&zoom=22", viewerToken, viewer, false).statusCode()).isEqualTo(200);
    }
}
