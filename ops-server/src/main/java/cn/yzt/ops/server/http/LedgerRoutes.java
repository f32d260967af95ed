package cn.yzt.ops.server.http;

import java.util.function.Supplier;

import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.ledger.EvidenceExporter;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * The ledger's views (issue 4): latest signed tree head, inclusion and consistency proofs, and the
 * evidence bundle of one entry (canonical JSON a third party verifies offline with the trust
 * anchors and the ledger public key). Every route needs a session.
 */
final class LedgerRoutes {

    private final Services services;
    private final EvidenceExporter evidence;

    LedgerRoutes(Services services) {
        this.services = services;
        this.evidence = new EvidenceExporter(services.ledger(), services.rbac(), services.auditLog());
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/ledger/tree-head", this::treeHead);
        cfg.routes.get("/api/v1/ledger/proof/inclusion", this::inclusion);
        cfg.routes.get("/api/v1/ledger/proof/consistency", this::consistency);
        cfg.routes.get("/api/v1/ledger/evidence/{index}", this::evidence);
    }

    private void treeHead(Context ctx) {
        ApiServer.session(ctx);
        raw(ctx, services.ledger().latestTreeHead().orElseThrow(() -> new ApiException(404, "NOT_FOUND")).encode());
    }

    private void inclusion(Context ctx) {
        ApiServer.session(ctx);
        long index = number(ctx.queryParam("index"));
        long size = number(ctx.queryParam("size"));
        raw(ctx, proof(() -> services.ledger().inclusionProof(index, size).encode()));
    }

    private void consistency(Context ctx) {
        ApiServer.session(ctx);
        long from = number(ctx.queryParam("from"));
        long to = number(ctx.queryParam("to"));
        raw(ctx, proof(() -> services.ledger().consistencyProof(from, to).encode()));
    }

    /** 404 for an index not in the ledger, 403 (audited) for someone else's entry without AUDIT_EXPORT. */
    private void evidence(Context ctx) {
        Session s = ApiServer.session(ctx);
        long index = number(ctx.pathParam("index"));
        byte[] bundle = evidence.export(s.userId(), s.username(), index, services.checker().trustMaterial());
        ctx.header("Content-Disposition", "attachment; filename=\"evidence-" + index + ".json\"");
        raw(ctx, bundle);
    }

    private static byte[] proof(Supplier<byte[]> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest();
        }
    }

    private static void raw(Context ctx, byte[] json) {
        ctx.contentType("application/json").result(json);
    }

    private static long number(String v) {
        if (v == null || v.isEmpty() || v.length() > 16 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.badRequest();
        }
        return Long.parseLong(v);
    }
}
