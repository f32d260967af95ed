package cn.yzt.ops.server.http;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.ops.OperationRefusedException;
import cn.yzt.ops.server.ops.OperationService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Signed operations and the ledger's public views (issue 4). */
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
        cfg.routes.get("/api/v1/ledger/tree-head", this::treeHead);
        cfg.routes.get("/api/v1/ledger/proof/inclusion", this::inclusion);
        cfg.routes.get("/api/v1/ledger/proof/consistency", this::consistency);
    }

    private void nonce(Context ctx) {
        OperationService.Nonce n = services.operations().issueNonce(ApiServer.session(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nonce", Base64.getUrlEncoder().withoutPadding().encodeToString(n.value()));
        out.put("expiresAt", n.expiresAt().toString());
        ctx.json(out);
    }

    private void submit(Context ctx) {
        answer(ctx, false);
    }

    private void decide(Context ctx) {
        answer(ctx, true);
    }

    private void pending(Context ctx) {
        java.util.List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (OperationService.PendingRequest p : services.operations().pending(ApiServer.session(ctx).userId())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("leafHash", java.util.HexFormat.of().formatHex(p.leafHash()));
            m.put("ledgerIndex", p.ledgerIndex());
            m.put("requesterId", p.requesterId());
            m.put("type", p.type());
            m.put("createdAt", p.createdAt().toString());
            m.put("expiresAt", p.expiresAt().toString());
            m.put("entry", Base64.getEncoder().encodeToString(services.ledger().entry(p.ledgerIndex()).orElseThrow()));
            out.add(m);
        }
        ctx.json(out);
    }

    private void answer(Context ctx, boolean approval) {
        Session s = ApiServer.session(ctx);
        byte[] cms;
        try {
            JsonNode body = Json.MAPPER.readTree(Bodies.read(ctx, MAX_CMS_BODY));
            if (body == null || !body.isObject() || body.size() != 1 || !body.path("cms").isTextual()) {
                throw ApiException.badRequest();
            }
            cms = Base64.getDecoder().decode(body.get("cms").textValue());
        } catch (java.io.IOException | IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
        Receipt r;
        try {
            java.security.cert.X509Certificate tlcp = transport.clientCertificate(ctx).orElse(null);
            r = approval ? services.operations().decide(s, tlcp, cms) : services.operations().submit(s, tlcp, cms);
        } catch (OperationRefusedException ex) {
            throw new ApiException(403, "OPERATION_REFUSED");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receipt", r.toJsonNode());
        out.put("entry", Base64.getEncoder().encodeToString(services.ledger().entry(r.leafIndex()).orElseThrow()));
        ctx.json(out);
    }

    private void treeHead(Context ctx) {
        ApiServer.session(ctx);
        raw(ctx, services.ledger().latestTreeHead().orElseThrow(() -> new ApiException(404, "NOT_FOUND")).encode());
    }

    private void inclusion(Context ctx) {
        ApiServer.session(ctx);
        long index = number(ctx, "index");
        long size = number(ctx, "size");
        raw(ctx, proof(() -> services.ledger().inclusionProof(index, size).encode()));
    }

    private void consistency(Context ctx) {
        ApiServer.session(ctx);
        long from = number(ctx, "from");
        long to = number(ctx, "to");
        raw(ctx, proof(() -> services.ledger().consistencyProof(from, to).encode()));
    }

    private static byte[] proof(java.util.function.Supplier<byte[]> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
    }

    private static void raw(Context ctx, byte[] json) {
        ctx.contentType("application/json").result(json);
    }

    private static long number(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.length() > 16 || !v.chars().allMatch(Character::isDigit)) {
            throw ApiException.badRequest();
        }
        return Long.parseLong(v);
    }
}
