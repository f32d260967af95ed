package cn.yzt.ops.server.http;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.i18n.Messages;
import cn.yzt.ops.server.ops.OperationRefusedException;
import cn.yzt.ops.server.ops.OperationService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Signed operations and dual-control requests (issue 4); the ledger's views are in {@link LedgerRoutes}. */
final class OpsRoutes {

    private static final int MAX_CMS_BODY = 64 * 1024;

    private final Services services;
    private final Transport transport;

    OpsRoutes(Services services, Transport transport) {
        this.services = services;
        this.transport = transport;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/api/v1/ops/nonce", this::nonce);
        cfg.routes.post("/api/v1/ops", this::submit);
        cfg.routes.post("/api/v1/ops/approvals", this::decide);
        cfg.routes.get("/api/v1/ops/pending", this::pending);
        cfg.routes.get("/api/v1/ops/mine", this::mine);
        cfg.routes.get("/api/v1/ops/requests/{leafHash}", this::request);
        cfg.routes.get("/api/v1/ops/requests/{leafHash}/result", this::result);
    }

    private void nonce(Context ctx) {
        OperationService.Nonce n = services.operations().issueNonce(ApiServer.session(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(n.value()));
        out.put("expiresAt", n.expiresAt().toString());
        ctx.json(out);
    }

    private void submit(Context ctx) {
        Session s = ApiServer.session(ctx);
        Submission body = submission(ctx);
        OperationService.Outcome o;
        try {
            o = services.operations().perform(s, transport.clientCertificate(ctx).orElse(null), body.cms(), body.personal());
        } catch (OperationRefusedException ex) {
            refused(ctx, ex);
            return;
        }
        Map<String, Object> out = receipt(o.receipt());
        out.put("status", o.pending() ? "pending" : "executed");
        if (o.result() != null) {
            out.put("result", o.result());
        }
        ctx.json(out);
    }

    private void decide(Context ctx) {
        Session s = ApiServer.session(ctx);
        byte[] cms = cms(ctx);
        cn.yzt.ops.protocol.ledger.Receipt r;
        try {
            r = services.operations().decide(s, transport.clientCertificate(ctx).orElse(null), cms);
        } catch (OperationRefusedException ex) {
            refused(ctx, ex);
            return;
        }
        ctx.json(receipt(r));
    }

    /** 403 with the reason code and sentence (the audit log keeps the detail, which may quote input). */
    private static void refused(Context ctx, OperationRefusedException ex) {
        ctx.attribute("yzt.error", "OPERATION_REFUSED");
        ctx.status(403);
        ctx.json(Messages.refusal(ex.reason()));
    }

    private Map<String, Object> receipt(cn.yzt.ops.protocol.ledger.Receipt r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receipt", r.toJsonNode());
        out.put("entry", Base64.getEncoder().encodeToString(services.ledger().entry(r.leafIndex()).orElseThrow()));
        return out;
    }

    private static byte[] cms(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(Bodies.read(ctx, MAX_CMS_BODY));
            if (body == null || !body.isObject() || body.size() != 1 || !body.path("cms").isTextual()) {
                throw ApiException.badRequest();
            }
            return Base64.getDecoder().decode(body.get("cms").textValue());
        } catch (java.io.IOException | IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
    }

    /** A signed operation and the openings of its personal-data commitments (PersonalData). */
    private record Submission(byte[] cms, Map<String, PersonalData.Opening> personal) {
    }

    /** {"cms": base64, "personal": {"field": {"salt","value"}, ...}}: "personal" optional, nothing else. */
    private static Submission submission(Context ctx) {
        try {
            JsonNode body = Json.MAPPER.readTree(Bodies.read(ctx, MAX_CMS_BODY));
            if (body == null || !body.isObject() || !body.path("cms").isTextual()
                    || body.size() != (body.has("personal") ? 2 : 1)) {
                throw ApiException.badRequest();
            }
            return new Submission(Base64.getDecoder().decode(body.get("cms").textValue()),
                    PersonalData.fromJson(body.get("personal")));
        } catch (java.io.IOException | IllegalArgumentException ex) { // JsonFormatException included
            throw ApiException.badRequest();
        }
    }

    private void pending(Context ctx) {
        ctx.json(services.operations().pending(ApiServer.session(ctx).userId()).stream().map(this::view).toList());
    }

    private void mine(Context ctx) {
        ctx.json(services.operations().mine(ApiServer.session(ctx).userId()).stream().map(this::view).toList());
    }

    private void request(Context ctx) {
        ctx.json(view(services.operations().request(ApiServer.session(ctx).userId(), leafHash(ctx))));
    }

    private void result(Context ctx) {
        ctx.json(Map.of("result", services.operations().takeResult(ApiServer.session(ctx).userId(), leafHash(ctx))));
    }

    private static byte[] leafHash(Context ctx) {
        String h = ctx.pathParam("leafHash");
        if (h.length() != 64 || !h.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new NoSuchElementException("request");
        }
        return HexFormat.of().parseHex(h);
    }

    /** A request as listed: who, what (type, plain description, the signed document), status, times. */
    private Map<String, Object> view(OperationService.RequestView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leafHash", HexFormat.of().formatHex(v.leafHash()));
        m.put("ledgerIndex", v.ledgerIndex());
        m.put("requesterId", v.requesterId());
        m.put("requester", v.requester());
        m.put("type", v.type());
        m.put("descriptionZh", v.description(Locale.SIMPLIFIED_CHINESE));
        m.put("descriptionEn", v.description(Locale.ENGLISH));
        m.put("status", v.status());
        m.put("createdAt", v.createdAt().toString());
        m.put("expiresAt", v.expiresAt().toString());
        m.put("decidedBy", v.decidedBy());
        m.put("decidedAt", v.decidedAt() == null ? null : v.decidedAt().toString());
        m.put("document", StrictJson.parse(new String(v.document(), java.nio.charset.StandardCharsets.UTF_8)));
        m.put("resultWaiting", v.resultWaiting());
        if (!v.personal().isEmpty()) {
            // the openings of the document's personal-data commitments: the console verifies each before showing it
            m.put("personal", PersonalData.toJson(v.personal()));
        }
        m.put("entry", Base64.getEncoder().encodeToString(services.ledger().entry(v.ledgerIndex()).orElseThrow()));
        return m;
    }
}
