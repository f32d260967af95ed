package cn.yzt.ops.server.http;

import java.security.cert.X509Certificate;
import java.util.NoSuchElementException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.LoginFailedException;
import cn.yzt.ops.server.auth.LoginService;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.auth.SessionException;
import cn.yzt.ops.server.crypto.IntegrityException;
import cn.yzt.ops.server.i18n.Messages;
import cn.yzt.ops.server.rbac.AccessDeniedException;
import cn.yzt.ops.server.rbac.SodViolationException;
import cn.yzt.ops.server.user.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;

/**
 * The HTTP API on Javalin 7 / Jetty 12. The transport (TLCP in production) is injected; this class
 * knows routes, limits and the error model: every error is {code, message_zh, message_en} with
 * a 4xx for anything the client did wrong, and nothing is changed before the input is fully valid.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String SESSION = "yzt.session";
    static final String TOKEN = "yzt.token";

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening on HOST:PORT (0 = ephemeral) through TRANSPORT. */
    public static ApiServer start(Services services, LoginService login, Transport transport, String host, int port,
            int maxRequestBytes) {
        AuthRoutes auth = new AuthRoutes(services, login, transport, maxRequestBytes);
        UserRoutes users = new UserRoutes(services, maxRequestBytes);
        Javalin app = Javalin.create(cfg -> configure(cfg, transport, host, port, maxRequestBytes, auth, users, services));
        app.start();
        return new ApiServer(app);
    }

    private static void configure(JavalinConfig cfg, Transport transport, String host, int port, int maxRequestBytes,
            AuthRoutes auth, UserRoutes users, Services services) {
        cfg.startup.showJavalinBanner = false;
        cfg.http.maxRequestSize = maxRequestBytes;
        cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
        cfg.jetty.modifyHttpConfiguration(h -> {
            h.setSendServerVersion(false);
            h.setRequestHeaderSize(8192);
        });
        cfg.jetty.addConnector((server, http) -> transport.connector(server, http, host, port));

        cfg.routes.before("/api/*", ctx -> {
            String method = ctx.method().name();
            if (method.equals("POST") || method.equals("PUT")) {
                String ct = ctx.contentType();
                if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                    throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE");
                }
            }
            if (!AuthRoutes.isPublic(ctx.path())) {
                authenticate(ctx, services, transport);
            }
        });
        auth.register(cfg);
        users.register(cfg);
        new AuditRoutes(services).register(cfg);
        new MapRoutes(services).register(cfg);
        new OpsRoutes(services, transport).register(cfg);
        new LedgerRoutes(services).register(cfg);

        cfg.routes.exception(ApiException.class, (ex, ctx) -> error(ctx, ex.status(), ex.code()));
        cfg.routes.exception(InvalidInputException.class, (ex, ctx) -> error(ctx, 400, ex.code()));
        cfg.routes.exception(LoginFailedException.class, (ex, ctx) -> error(ctx, 401, "LOGIN_FAILED"));
        cfg.routes.exception(SessionException.class, (ex, ctx) -> error(ctx, 401, "UNAUTHENTICATED"));
        cfg.routes.exception(AccessDeniedException.class, (ex, ctx) -> error(ctx, 403, "FORBIDDEN"));
        cfg.routes.exception(SodViolationException.class, (ex, ctx) -> error(ctx, 409, "SOD_CONFLICT"));
        cfg.routes.exception(NoSuchElementException.class, (ex, ctx) -> error(ctx, 404, "NOT_FOUND"));
        cfg.routes.exception(IntegrityException.class, (ex, ctx) -> error(ctx, 500, "DATA_INTEGRITY_ERROR"));
        cfg.routes.exception(HttpResponseException.class, (ex, ctx) -> error(ctx, ex.getStatus(), codeFor(ex.getStatus())));
        cfg.routes.exception(Exception.class, (ex, ctx) -> {
            // Log the class and place only: exception messages may quote input.
            LOG.error("unexpected {} on {} {}", ex.getClass().getName(), ctx.method(), ctx.path());
            error(ctx, 500, "SERVER_ERROR");
        });
        for (int status : new int[] {400, 404, 405, 413, 414, 415, 431}) {
            cfg.routes.error(status, "*", ctx -> {
                if (ctx.attribute("yzt.error") == null) {
                    error(ctx, status, codeFor(status));
                }
            });
        }
    }

    private static void authenticate(Context ctx, Services services, Transport transport) {
        String h = ctx.header("Authorization");
        if (h == null || !h.startsWith("Bearer ") || h.length() > 100) {
            throw new SessionException("SESSION_TOKEN_MISSING");
        }
        String token = h.substring(7);
        X509Certificate cert = transport.clientCertificate(ctx).orElse(null);
        Session s = services.sessions().authenticate(token, cert);
        ctx.attribute(SESSION, s);
        ctx.attribute(TOKEN, token);
    }

    static Session session(Context ctx) {
        Session s = ctx.attribute(SESSION);
        if (s == null) {
            throw new SessionException("SESSION_MISSING");
        }
        return s;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "SERVER_ERROR" : "BAD_REQUEST";
        };
    }

    static void error(Context ctx, int status, String code) {
        ctx.attribute("yzt.error", code);
        ctx.status(status);
        ctx.json(Messages.error(code));
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
