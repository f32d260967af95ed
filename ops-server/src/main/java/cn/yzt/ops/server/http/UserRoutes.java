package cn.yzt.ops.server.http;

import java.util.List;
import java.util.Map;

import cn.yzt.ops.protocol.api.CertificateBindRequest;
import cn.yzt.ops.protocol.api.RoleGrantRequest;
import cn.yzt.ops.protocol.api.UserCreateRequest;
import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Role;
import cn.yzt.ops.server.user.NewUser;
import cn.yzt.ops.server.user.UserView;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Users, roles, certificate bindings, unlock, audit verification. */
final class UserRoutes {

    private final Services services;
    private final int max;

    UserRoutes(Services services, int max) {
        this.services = services;
        this.max = max;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/me", this::me);
        cfg.routes.get("/api/v1/users", this::list);
        cfg.routes.post("/api/v1/users", this::create);
        cfg.routes.get("/api/v1/users/{id}", this::get);
        cfg.routes.post("/api/v1/users/{id}/roles", this::grant);
        cfg.routes.post("/api/v1/users/{id}/unlock", this::unlock);
        cfg.routes.post("/api/v1/users/{id}/disable", ctx -> setActive(ctx, false));
        cfg.routes.post("/api/v1/users/{id}/enable", ctx -> setActive(ctx, true));
        cfg.routes.post("/api/v1/users/{id}/certificates", this::bind);
        cfg.routes.delete("/api/v1/users/{id}/roles/{role}", this::revoke);
        cfg.routes.delete("/api/v1/users/{id}/certificates/{binding}", this::unbind);
    }

    private long actor(Context ctx) {
        return ApiServer.session(ctx).userId();
    }

    private void me(Context ctx) {
        long id = actor(ctx);
        ctx.json(Map.of("userId", id, "username", ApiServer.session(ctx).username(),
                "roles", services.rbac().roles(id).stream().map(Enum::name).sorted().toList()));
    }

    private void list(Context ctx) {
        long actor = actor(ctx);
        ctx.json(services.users().list(actor, 1000).stream().map(v -> dto(v, List.of())).toList());
    }

    private void get(Context ctx) {
        long id = Inputs.id(ctx.pathParam("id"));
        UserView v = services.users().view(actor(ctx), id);
        ctx.json(dto(v, services.rbac().roles(id).stream().map(Enum::name).sorted().toList()));
    }

    private void create(Context ctx) {
        long actor = actor(ctx);
        UserCreateRequest r = Json.read(Bodies.read(ctx, max), UserCreateRequest.class);
        try {
            if (r.password() == null) {
                throw ApiException.badRequest();
            }
            long id = services.users().create(actor, new NewUser(r.username(), r.displayName(), r.idCard(), r.phone(), r.email()),
                    r.password().clone());
            ctx.status(201).json(Map.of("id", id));
        } finally {
            Bytes.wipe(r.password());
        }
    }

    private void grant(Context ctx) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        RoleGrantRequest r = Json.read(Bodies.read(ctx, max), RoleGrantRequest.class);
        Role role;
        try {
            role = Role.parse(r.role());
        } catch (IllegalArgumentException ex) {
            throw new ApiException(400, "invalid.role");
        }
        services.rbac().grant(actor, id, role);
        ctx.status(204);
    }

    /** A body-less action still takes exactly "{}": anything else is a malformed request. */
    record Empty() {
    }

    private void revoke(Context ctx) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        Role role;
        try {
            role = Role.parse(ctx.pathParam("role"));
        } catch (IllegalArgumentException ex) {
            throw new ApiException(400, "invalid.role");
        }
        services.rbac().revoke(actor, id, role);
        ctx.status(204);
    }

    private void unbind(Context ctx) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        long binding = Inputs.id(ctx.pathParam("binding"));
        services.rbac().require(actor, Permission.CERT_BIND);
        if (services.certificates().forUser(id).stream().noneMatch(b -> b.id() == binding)) {
            throw new ApiException(404, "NOT_FOUND");
        }
        services.certificates().unbind(actor, binding);
        ctx.status(204);
    }

    private void setActive(Context ctx, boolean active) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        Json.read(Bodies.read(ctx, max), Empty.class);
        services.users().setActive(actor, id, active);
        ctx.status(204);
    }

    private void unlock(Context ctx) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        Json.read(Bodies.read(ctx, max), Empty.class);
        if (actor == id) {
            throw new cn.yzt.ops.server.rbac.AccessDeniedException(Permission.USER_UNLOCK);
        }
        services.users().unlock(actor, id);
        ctx.status(204);
    }

    private void bind(Context ctx) {
        long actor = actor(ctx);
        long id = Inputs.id(ctx.pathParam("id"));
        CertificateBindRequest r = Json.read(Bodies.read(ctx, max), CertificateBindRequest.class);
        long binding = services.certificates().bind(actor, id, Inputs.certificate(r.certificate()));
        ctx.status(201).json(Map.of("id", binding));
    }

    private static UserDto dto(UserView v, List<String> roles) {
        return new UserDto(v.id(), v.username(), v.status(), v.locked(), v.displayName(), v.idCard(), v.phone(), v.email(),
                v.revealed(), roles);
    }
}
