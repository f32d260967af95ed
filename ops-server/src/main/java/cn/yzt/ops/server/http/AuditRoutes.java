package cn.yzt.ops.server.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.audit.AuditQuery;
import cn.yzt.ops.server.rbac.Permission;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Audit search and chain verification (auditors); the export is the signed operation audit.export. */
final class AuditRoutes {

    private static final Pattern TYPE = Pattern.compile("^[A-Z_]{1,40}$");
    private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9_.-]{2,31}$");

    private final Services services;

    AuditRoutes(Services services) {
        this.services = services;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/audit", this::search);
        // the export is the signed, ledgered operation audit.export (POST /api/v1/ops)
        cfg.routes.get("/api/v1/audit/export", UserRoutes::gone);
        cfg.routes.get("/api/v1/audit/verify", this::verify);
    }

    private static AuditQuery.Filter filter(Context ctx) {
        String user = ctx.queryParam("username");
        String type = ctx.queryParam("type");
        if (user != null && !USERNAME.matcher(user).matches() || type != null && !TYPE.matcher(type).matches()) {
            throw ApiException.badRequest();
        }
        int limit = 200;
        String l = ctx.queryParam("limit");
        if (l != null) {
            if (l.length() > 4 || !l.chars().allMatch(Character::isDigit) || (limit = Integer.parseInt(l)) < 1 || limit > 5000) {
                throw ApiException.badRequest();
            }
        }
        return new AuditQuery.Filter(user, type, instant(ctx.queryParam("from")), instant(ctx.queryParam("to")), limit);
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() > 40) {
            throw ApiException.badRequest();
        }
        try {
            return java.time.OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ex) {
            throw ApiException.badRequest();
        }
    }

    private void search(Context ctx) {
        ctx.json(services.auditQuery().search(ApiServer.session(ctx).userId(), filter(ctx)));
    }


    private void verify(Context ctx) {
        services.rbac().require(ApiServer.session(ctx).userId(), Permission.AUDIT_READ);
        var r = services.auditVerifier().verify();
        ctx.json(Map.of("intact", r.intact(), "checked", r.checked(), "brokenAt", r.brokenAt(),
                "problem", r.problem() == null ? "" : r.problem()));
    }
}
