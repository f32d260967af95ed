package cn.yzt.ops.client.api;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.api.AuditEntryDto;
import cn.yzt.ops.protocol.api.SessionDto;
import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.ledger.ConsistencyProof;
import cn.yzt.ops.protocol.ledger.InclusionProof;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.SignedTreeHead;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.FeatureCodec;
import cn.yzt.ops.protocol.map.GeometryType;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.LayerStyle;
import cn.yzt.ops.protocol.operation.PersonalData;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@link OpsApi} over one shared OkHttp client (TLCP, token keys) per server. The interceptors do
 * the cross-cutting work (session token, error translation, channel recording); this class only
 * maps calls to routes and bodies to records.
 */
final class HttpOpsApi implements OpsApi {
    static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4490);

    private final URI base;
    private volatile OkHttpClient client;
    private final java.util.function.Function<TokenIdentity, OkHttpClient> clients;
    private final SessionTokenInterceptor token;
    private final TlcpChannelRecorder channel;
    private final FailureTranslator failures;
    private final AtomicReference<SessionInfo> session = new AtomicReference<>();
    private final java.util.List<Runnable> sessionEnded = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean endReported = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param clients builds the OkHttp client for a UKEY identity (again after an unlock) */
    HttpOpsApi(URI base, TokenIdentity identity, java.util.function.Function<TokenIdentity, OkHttpClient> clients,
            SessionTokenInterceptor token, TlcpChannelRecorder channel, Locale locale) {
        this.base = base;
        this.clients = clients;
        this.client = clients.apply(identity);
        this.token = token;
        this.channel = channel;
        this.failures = new FailureTranslator(base, locale);
    }

    // ---- plumbing ----

    HttpUrl url(String path) {
        HttpUrl u = HttpUrl.get(base.toString() + path);
        return u;
    }

    /** Executes and returns the body bytes of a 2xx answer (empty for 204). */
    byte[] execute(Request r, Cancellable cancel) {
        Call call = client.newCall(r);
        if (cancel != null) {
            cancel.bind(call::cancel);
        }
        try (Response resp = call.execute()) {
            return resp.body().bytes();
        } catch (IOException | RuntimeException ex) {
            if (cancel != null && cancel.isCancelled()) {
                throw failures.translate(new IOException("Canceled", ex));
            }
            OpsApiException e = failures.translate(ex);
            if (e.kind() == OpsApiException.Kind.UNAUTHENTICATED && token.present()
                    && endReported.compareAndSet(false, true)) {
                sessionEnded.forEach(Runnable::run); // expired, idle, revoked elsewhere
            }
            throw e;
        }
    }

    /** Executes and also returns the Date header (for the clock-skew check at login). */
    Response executeRaw(Request r) {
        try {
            return client.newCall(r).execute();
        } catch (IOException | RuntimeException ex) {
            throw failures.translate(ex);
        }
    }

    byte[] get(String path) {
        return execute(new Request.Builder().url(url(path)).get().build(), null);
    }

    byte[] get(HttpUrl url, Cancellable cancel) {
        return execute(new Request.Builder().url(url).get().build(), cancel);
    }

    byte[] post(String path, Object body) {
        byte[] bytes;
        try {
            bytes = body instanceof byte[] b ? b : JSON.writeValueAsBytes(body);
        } catch (IOException ex) {
            throw failures.protocol("cannot encode request body", ex);
        }
        return execute(new Request.Builder().url(url(path)).post(RequestBody.create(bytes, JSON_TYPE)).build(), null);
    }

    <T> T read(byte[] body, Class<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException | RuntimeException ex) {
            throw failures.protocol("unexpected answer for " + type.getSimpleName() + ": " + ex.getMessage(), ex);
        }
    }

    <T> T read(byte[] body, TypeReference<T> type) {
        try {
            return JSON.readValue(body, type);
        } catch (IOException | RuntimeException ex) {
            throw failures.protocol("unexpected answer: " + ex.getMessage(), ex);
        }
    }

    JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException ex) {
            throw failures.protocol("not JSON: " + ex.getMessage(), ex);
        }
    }

    FailureTranslator failures() {
        return failures;
    }

    SessionTokenInterceptor token() {
        return token;
    }

    TlcpChannelRecorder channel() {
        return channel;
    }

    URI base() {
        return base;
    }

    void loggedIn(SessionInfo info, String sessionToken) {
        token.set(sessionToken);
        session.set(info);
    }

    // ---- OpsApi ----

    @Override
    public SessionInfo session() {
        SessionInfo s = session.get();
        TlcpChannelRecorder.Channel c = channel.last();
        if (s != null && c != null && !c.cipherSuite().equals(s.cipherSuite())) {
            // re-handshakes may pick the other offered suite; show what is in use now
            s = new SessionInfo(s.server(), c.cipherSuite(), s.protocol(), s.serverSignSubject(), s.serverId(),
                    s.username(), s.userCertSubject(), s.expiresAt(), s.idleTimeout());
        }
        return s;
    }

    @Override
    public Me me() {
        JsonNode n = tree(get("/api/v1/me"));
        List<String> roles = new ArrayList<>();
        n.path("roles").forEach(r -> roles.add(r.asText()));
        return new Me(n.path("userId").asLong(), n.path("username").asText(), roles);
    }

    @Override
    public void logout() {
        if (!token.present()) {
            return;
        }
        try {
            post("/api/v1/auth/logout", new byte[] {'{', '}'});
        } catch (OpsApiException ex) {
            if (ex.kind() != OpsApiException.Kind.UNAUTHENTICATED) {
                throw ex;
            }
        } finally {
            token.clear();
        }
    }

    @Override
    public List<UserDto> users() {
        return read(get("/api/v1/users"), new TypeReference<List<UserDto>>() { });
    }

    @Override
    public UserDto user(long id) {
        return read(get("/api/v1/users/" + id), UserDto.class);
    }

    @Override
    public List<SessionDto> sessions() {
        return read(get("/api/v1/sessions"), new TypeReference<List<SessionDto>>() { });
    }

    private HttpUrl auditUrl(String path, AuditFilter f) {
        HttpUrl.Builder b = url(path).newBuilder();
        if (f.username() != null) {
            b.addQueryParameter("username", f.username());
        }
        if (f.type() != null) {
            b.addQueryParameter("type", f.type());
        }
        if (f.from() != null) {
            b.addQueryParameter("from", f.from().toString());
        }
        if (f.to() != null) {
            b.addQueryParameter("to", f.to().toString());
        }
        if (f.limit() != null) {
            b.addQueryParameter("limit", f.limit().toString());
        }
        return b.build();
    }

    @Override
    public List<AuditEntryDto> audit(AuditFilter filter) {
        return read(get(auditUrl("/api/v1/audit", filter), null), new TypeReference<List<AuditEntryDto>>() { });
    }

    @Override
    public byte[] auditExportCsv(AuditFilter filter) {
        return get(auditUrl("/api/v1/audit/export", filter), null);
    }

    @Override
    public OperationNonce nonce() {
        JsonNode n = tree(post("/api/v1/ops/nonce", new byte[] {'{', '}'}));
        try {
            return new OperationNonce(Base64.getUrlDecoder().decode(n.path("nonce").asText()),
                    Instant.parse(n.path("expiresAt").asText()));
        } catch (RuntimeException ex) {
            throw failures.protocol("bad nonce answer", ex);
        }
    }

    @Override
    public Submitted submit(byte[] cms) {
        return submitted(post("/api/v1/ops", cmsBody(cms)));
    }

    @Override
    public Submitted submit(byte[] cms, java.util.Map<String, PersonalData.Opening> personal) {
        if (personal == null || personal.isEmpty()) {
            return submit(cms);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("cms", Base64.getEncoder().encodeToString(cms));
        o.set("personal", PersonalData.toJson(personal));
        try {
            return submitted(post("/api/v1/ops", JSON.writeValueAsBytes(o)));
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public Submitted decide(byte[] cms) {
        return submitted(post("/api/v1/ops/approvals", cmsBody(cms)));
    }

    private static byte[] cmsBody(byte[] cms) {
        ObjectNode o = JSON.createObjectNode();
        o.put("cms", Base64.getEncoder().encodeToString(cms));
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private Submitted submitted(byte[] body) {
        JsonNode n = tree(body);
        try {
            Receipt r = Receipt.fromJson((ObjectNode) StrictJson.parse(n.get("receipt").toString()));
            JsonNode result = n.get("result");
            return new Submitted(r, Base64.getDecoder().decode(n.get("entry").asText()),
                    n.path("status").isTextual() ? n.path("status").asText() : null,
                    result == null || result.isNull() ? null : result);
        } catch (RuntimeException ex) {
            throw failures.protocol("bad receipt: " + ex.getMessage(), ex);
        }
    }

    @Override
    public List<PendingRequest> pending() {
        return pendingList(get("/api/v1/ops/pending"));
    }

    @Override
    public List<PendingRequest> mine() {
        try {
            return pendingList(get("/api/v1/ops/mine"));
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.NOT_FOUND && ex.status() == 404) {
                return List.of(); // the server does not offer it (yet)
            }
            throw ex;
        }
    }

    private List<PendingRequest> pendingList(byte[] body) {
        JsonNode n = tree(body);
        List<PendingRequest> out = new ArrayList<>();
        try {
            for (JsonNode p : n) {
                out.add(request(p));
            }
        } catch (RuntimeException ex) {
            throw failures.protocol("bad pending list: " + ex.getMessage(), ex);
        }
        return out;
    }

    private static PendingRequest request(JsonNode p) {
        JsonNode doc = p.get("document");
        return new PendingRequest(HexFormat.of().parseHex(p.path("leafHash").asText()),
                p.path("ledgerIndex").asLong(), p.path("requesterId").asLong(), p.path("type").asText(),
                Instant.parse(p.path("createdAt").asText()), Instant.parse(p.path("expiresAt").asText()),
                Base64.getDecoder().decode(p.path("entry").asText()), textOrNull(p, "requester"),
                textOrNull(p, "descriptionZh"), textOrNull(p, "descriptionEn"), textOrNull(p, "status"),
                textOrNull(p, "decidedBy"), p.path("decidedAt").isTextual() ? Instant.parse(p.path("decidedAt").asText()) : null,
                doc == null || doc.isNull() ? null : new String(StrictJson.canonical(doc), java.nio.charset.StandardCharsets.UTF_8),
                p.path("resultWaiting").asBoolean(false), personal(p.get("personal")));
    }

    /** The openings a request view carries (unchecked here: the approvals screen verifies them). */
    private static java.util.Map<String, PersonalData.Opening> personal(JsonNode n) {
        return n == null || n.isNull() ? java.util.Map.of() : PersonalData.fromJson(n);
    }

    private static String textOrNull(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    @Override
    public PendingRequest request(byte[] leafHash) {
        JsonNode n = tree(get("/api/v1/ops/requests/" + HexFormat.of().formatHex(leafHash)));
        try {
            return request(n);
        } catch (RuntimeException ex) {
            throw failures.protocol("bad request view: " + ex.getMessage(), ex);
        }
    }

    @Override
    public Optional<JsonNode> takeResult(byte[] leafHash) {
        JsonNode n;
        try {
            n = tree(get("/api/v1/ops/requests/" + HexFormat.of().formatHex(leafHash) + "/result"));
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.NOT_FOUND) {
                return Optional.empty(); // handed out already (or never had one): "none", not an error
            }
            throw ex;
        }
        JsonNode r = n.get("result");
        return r == null || r.isNull() ? Optional.empty() : Optional.of(r);
    }

    @Override
    public Optional<SignedTreeHead> treeHead() {
        byte[] b;
        try {
            b = get("/api/v1/ledger/tree-head");
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw ex;
        }
        try {
            return Optional.of(SignedTreeHead.decode(b));
        } catch (RuntimeException ex) {
            throw failures.protocol("bad tree head: " + ex.getMessage(), ex);
        }
    }

    @Override
    public ConsistencyProof consistencyProof(long fromSize, long toSize) {
        HttpUrl u = url("/api/v1/ledger/proof/consistency").newBuilder()
                .addQueryParameter("from", Long.toString(fromSize)).addQueryParameter("to", Long.toString(toSize)).build();
        byte[] b = get(u, null);
        try {
            return ConsistencyProof.decode(b);
        } catch (RuntimeException ex) {
            throw failures.protocol("bad consistency proof: " + ex.getMessage(), ex);
        }
    }

    @Override
    public InclusionProof inclusionProof(long index, long treeSize) {
        HttpUrl u = url("/api/v1/ledger/proof/inclusion").newBuilder()
                .addQueryParameter("index", Long.toString(index)).addQueryParameter("size", Long.toString(treeSize)).build();
        byte[] b = get(u, null);
        try {
            return InclusionProof.decode(b);
        } catch (RuntimeException ex) {
            throw failures.protocol("bad inclusion proof: " + ex.getMessage(), ex);
        }
    }

    @Override
    public byte[] evidenceBundle(long index) {
        return get("/api/v1/ledger/evidence/" + index);
    }

    @Override
    public List<LayerDescriptor> mapLayers() {
        JsonNode n = tree(get("/api/v1/map/layers"));
        List<LayerDescriptor> out = new ArrayList<>();
        try {
            for (JsonNode l : n) {
                JsonNode st = l.path("style");
                LayerStyle style = new LayerStyle(st.path("fillArgb").asInt(), st.path("strokeArgb").asInt(),
                        st.path("strokeWidth").asDouble(), st.path("labelAttribute").isTextual()
                                ? st.path("labelAttribute").asText() : null);
                JsonNode e = l.path("extent");
                out.add(new LayerDescriptor(l.path("id").asText(), l.path("nameZh").asText(), l.path("nameEn").asText(),
                        GeometryType.valueOf(l.path("geometryType").asText()), style, l.path("minScale").asDouble(),
                        l.path("maxScale").isNull() ? Double.POSITIVE_INFINITY : l.path("maxScale").asDouble(),
                        l.path("featureCount").asInt(),
                        new Extent(e.get(0).asDouble(), e.get(1).asDouble(), e.get(2).asDouble(), e.get(3).asDouble())));
            }
        } catch (RuntimeException ex) {
            throw failures.protocol("bad layer catalog: " + ex.getMessage(), ex);
        }
        return out;
    }

    @Override
    public List<Feature> mapFeatures(String layerId, Extent bbox, Integer zoom, Cancellable cancel) {
        HttpUrl.Builder b = url("/api/v1/map/layers/" + layerId + "/features").newBuilder()
                .addQueryParameter("bbox", degrees(bbox.minLon()) + "," + degrees(bbox.minLat()) + ","
                        + degrees(bbox.maxLon()) + "," + degrees(bbox.maxLat()));
        if (zoom != null) {
            b.addQueryParameter("zoom", zoom.toString());
        }
        byte[] body = get(b.build(), cancel);
        try {
            return FeatureCodec.decode(body, GEOMETRY);
        } catch (RuntimeException ex) {
            throw failures.protocol("bad feature block: " + ex.getMessage(), ex);
        }
    }

    /** Plain decimal degrees, at most 12 fraction digits (the server's accepted form). */
    static String degrees(double v) {
        return new java.math.BigDecimal(v).setScale(9, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros()
                .toPlainString();
    }

    @Override
    public Optional<Feature> parcel(String code) {
        if (!code.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,39}")) {
            return Optional.empty();
        }
        try {
            List<Feature> f = FeatureCodec.decode(get("/api/v1/map/parcels/" + code), GEOMETRY);
            return f.isEmpty() ? Optional.empty() : Optional.of(f.get(0));
        } catch (OpsApiException ex) {
            if (ex.kind() == OpsApiException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw ex;
        }
    }

    @Override
    public void onSessionEnded(Runnable listener) {
        sessionEnded.add(listener);
    }

    @Override
    public void rebind(TokenIdentity identity) {
        OkHttpClient old = client;
        client = clients.apply(identity);
        old.connectionPool().evictAll();
        old.dispatcher().executorService().shutdown();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
