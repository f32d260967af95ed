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
import cn.yzt.ops.server.auth.RateLimiter;
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
    /** Challenges per account and per client certificate (429 CHALLENGE_RATE_LIMITED beyond). */
    private final RateLimiter challengeLimit;

    AuthRoutes(Services services, LoginService login, Transport transport, int max) {
        this.services = services;
        this.login = login;
        this.transport = transport;
        this.max = max;
        this.challengeLimit = new RateLimiter(services.config().integer("auth.challengesPerMinute", 1, 1_000_000),
                services.config().integer("auth.challengeBurst", 1, 1_000_000));
    }

    static boolean isPublic(String path) {
        return path.equals("/api/v1/auth/challenge") || path.equals("/api/v1/auth/login");
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/api/v1/auth/challenge", this::challenge);
        cfg.routes.post("/api/v1/auth/login", this::login);
        cfg.routes.post("/api/v1/auth/logout", this::logout);
        cfg.routes.get("/api/v1/sessions", this::sessions);
    }

    private void challenge(Context ctx) {
        ChallengeRequest r = Json.read(Bodies.read(ctx, max), ChallengeRequest.class);
        limitChallenges(ctx, r.username());
        Challenge ch = services.challenges().issue(r.username());
        ctx.json(new ChallengeResponse(ch.id().toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(ch.nonce()),
                serverId(), HexFormat.of().formatHex(transport.serverCertSm3()), ch.expiresAt().toString()));
    }

    /**
     * Both buckets must have a token: per account (guessing one user from many certificates) and
     * per TLCP client certificate (one certificate cycling through user names). The account key is
     * taken as sent; an unknown name costs the same as a known one, so the limit reveals nothing.
     */
    private void limitChallenges(Context ctx, String username) {
        String cert = transport.clientCertificate(ctx).map(AuthRoutes::fingerprint).orElse("none");
        boolean certOk = challengeLimit.tryAcquire("cert:" + cert);
        boolean accountOk = username == null || challengeLimit.tryAcquire("account:" + username);
        if (!certOk || !accountOk) {
            throw new ApiException(429, "CHALLENGE_RATE_LIMITED");
        }
    }

    private static String fingerprint(java.security.cert.X509Certificate c) {
        try {
            return HexFormat.of().formatHex(cn.yzt.ops.protocol.crypto.Sm2.sm3(c.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException ex) {
            return "unencodable";
        }
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
