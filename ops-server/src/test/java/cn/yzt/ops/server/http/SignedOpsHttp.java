package cn.yzt.ops.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.server.ops.SignedOps;
import cn.yzt.ops.server.testing.TestPki;

/** One signed-in person at the HTTP API: fetches a nonce, signs with their software key, submits. */
final class SignedOpsHttp {

    /** Status and JSON body of an answer. */
    record Answer(int status, JsonNode body) {

        String leafHash() {
            return body.get("receipt").get("leafHash").asText();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;
    private final String token;
    private final String username;
    private final TestPki.Identity id;
    private final String serverId;

    SignedOpsHttp(int port, String token, String username, TestPki.Identity id, String serverId) {
        this.port = port;
        this.token = token;
        this.username = username;
        this.id = id;
        this.serverId = serverId;
    }

    Answer call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header(LoopbackTestTransport.CERT_HEADER, Base64.getEncoder().encodeToString(id.cert().getEncoded()));
        HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body().length == 0 ? null : Json.MAPPER.readTree(r.body()));
    }

    byte[] nonce() throws Exception {
        Answer n = call("POST", "/api/v1/ops/nonce", "{}");
        if (n.status() != 200) {
            throw new IllegalStateException("nonce: " + n.status());
        }
        return Base64.getUrlDecoder().decode(n.body().get("nonce").asText());
    }

    /**
     * Signs TYPE with PARAMS and posts it to /api/v1/ops, as the console does: personal values are
     * replaced by salted commitments in the signed document and their openings sent beside it.
     */
    Answer submit(String type, ObjectNode params) throws Exception {
        PersonalData.Committed c = PersonalData.commitAll(type, params);
        return submit(type, c.parameters(), c.openings().isEmpty() ? null : c.openingsJson());
    }

    /** Signs TYPE with PARAMS exactly as given and posts it with PERSONAL (the openings; null = none). */
    Answer submit(String type, ObjectNode params, ObjectNode personal) throws Exception {
        byte[] cms = SignedOps.operation(id, username, nonce(), serverId, Clock.systemUTC(), type, params);
        ObjectNode body = Json.MAPPER.createObjectNode().put("cms", Base64.getEncoder().encodeToString(cms));
        if (personal != null) {
            body.set("personal", personal);
        }
        return call("POST", "/api/v1/ops", Json.MAPPER.writeValueAsString(body));
    }

    /** Signs a decision on the request with LEAF_HASH (hex) and posts it to /api/v1/ops/approvals. */
    Answer decide(String leafHashHex, String requestType, ApprovalDocument.Decision d) throws Exception {
        return post("/api/v1/ops/approvals", SignedOps.approval(id, username, nonce(), serverId, Clock.systemUTC(),
                HexFormat.of().parseHex(leafHashHex), requestType, d));
    }

    Answer post(String path, byte[] cms) throws Exception {
        return call("POST", path, Json.MAPPER.writeValueAsString(Map.of("cms", Base64.getEncoder().encodeToString(cms))));
    }
}
