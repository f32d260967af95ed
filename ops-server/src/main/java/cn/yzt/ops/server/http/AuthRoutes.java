package cn.yzt.ops.server.http;

import java.time.ZoneId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import cn.yzt.ops.protocol.api.ChallengeRequest;
import cn.yzt.ops.protocol.api.ChallengeResponse;
import cn.yzt.ops.protocol.api.LoginRequest;
import cn.yzt.ops.protocol.api.LoginResponse;
import cn.yzt.ops.protocol.api.SessionDto;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.auth.Challenge;
import cn.yzt.ops.server.auth.LoginAttempt;
import cn.yzt.ops.server.auth.LoginService;
import cn.yzt.ops.server.auth.Session;
import cn.yzt.ops.server.auth.SessionService;
import cn.yzt.ops.server.crypto.Bytes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Challenge, login, logout, sessions. */
final class AuthRoutes {

    static final ZoneId DISPLAY_ZONE = ZoneId.of("Asia/Shanghai");

    private final Services services;
    private final LoginService login;
    private final Transport transport;
    private final int max;

    AuthRoutes(Services services, LoginService login, Transport transport, int max) {
        this.services = services;
        this.login = login;
        this.transport = transport;
        this.max = max;
    }

    static boolean isPublic(String path) {
        return path.equals("/api/v1/auth/challenge") || path.equals("/api/v1/auth/login");
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/api/v1/auth/challenge", this::challenge);
        cfg.routes.post("/api/v1/auth/login", this::login);
        cfg.routes.post("/api/v1/auth/logout", this::logout);
        cfg.routes.get("/api/v1/sessions", this::sessions);
        cfg.routes.delete("/api/v1/sessions/{id}", this::revoke);
    }

    private void challenge(Context ctx) {
        ChallengeRequest r = Json.read(Bodies.read(ctx, max), ChallengeRequest.class);
        Challenge ch = services.challenges().issue(r.username());
        ctx.json(new ChallengeResponse(ch.id().toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(ch.nonce()),
                serverId(), HexFormat.of().formatHex(transport.serverCertSm3()), ch.expiresAt().toString()));
    }

    private String serverId() {
        return services.serverId();
    }

    private void login(Context ctx) {
        LoginRequest r = Json.read(Bodies.read(ctx, max), LoginRequest.class);
        try {
            // Decode everything first: a malformed request must not even consume its challenge.
            LoginAttempt a = new LoginAttempt(Inputs.uuid(r.challengeId()), Inputs.base64(r.statement(), 2048),
                    Inputs.base64(r.signature(), 128), Inputs.certificate(r.certificate()), passwordOf(r),
                    transport.clientCertificate(ctx).orElse(null), ctx.ip());
            SessionService.Issued s = login.login(a);
            ctx.json(new LoginResponse(s.token(), s.session().username(),
                    s.session().expiresAt().atZone(DISPLAY_ZONE).toOffsetDateTime().toString(),
                    services.sessions().idleTimeout().toSeconds()));
        } finally {
            Bytes.wipe(r.password());
        }
    }

    private static char[] passwordOf(LoginRequest r) {
        if (r.password() == null || r.password().length == 0 || r.password().length > 128) {
            throw ApiException.badRequest();
        }
        return r.password().clone();
    }

    private void logout(Context ctx) {
        services.sessions().logout(ctx.attribute(ApiServer.TOKEN), ApiServer.session(ctx));
        ctx.status(204);
    }

    private void revoke(Context ctx) {
        if (!services.sessions().revoke(ApiServer.session(ctx).userId(), ctx.pathParam("id"))) {
            throw new ApiException(404, "NOT_FOUND");
        }
        ctx.status(204);
    }

    private void sessions(Context ctx) {
        List<SessionDto> out = services.sessions().active(ApiServer.session(ctx).userId()).stream()
                .map(AuthRoutes::dto).toList();
        ctx.json(out);
    }

    private static SessionDto dto(Session s) {
        return new SessionDto(s.id(), s.userId(), s.username(), shown(s.createdAt()), shown(s.lastSeenAt()), shown(s.expiresAt()));
    }

    static String shown(java.time.Instant i) {
        return i.atZone(DISPLAY_ZONE).toOffsetDateTime().toString();
    }
}
