package cn.yzt.ops.server.http;

import java.util.List;
import java.util.Map;

import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.user.UserView;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** Reading users and oneself; every change of users, roles and certificates is a signed operation. */
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
        cfg.routes.get("/api/v1/users/{id}", this::get);
        // Every state change is a signed operation (POST /api/v1/ops): the unsigned forms are gone.
        cfg.routes.post("/api/v1/users", UserRoutes::gone);
        for (String action : new String[] {"roles", "unlock", "disable", "enable", "certificates"}) {
            cfg.routes.post("/api/v1/users/{id}/" + action, UserRoutes::gone);
        }
        cfg.routes.delete("/api/v1/users/{id}/roles/{role}", UserRoutes::gone);
        cfg.routes.delete("/api/v1/users/{id}/certificates/{binding}", UserRoutes::gone);
        // Ending another session is the signed session.revoke too.
        cfg.routes.delete("/api/v1/sessions/{id}", UserRoutes::gone);
    }

    /** 410 SIGNED_OPERATION_REQUIRED: the change exists only as a signed operation (POST /api/v1/ops). */
    static void gone(Context ctx) {
        throw new ApiException(410, "SIGNED_OPERATION_REQUIRED");
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
        // Roles included (one indexed query per user, server-side) so the console needs no user(id) per row.
        ctx.json(services.users().list(actor, 1000).stream().map(v -> dto(v, roles(v.id()))).toList());
    }

    private void get(Context ctx) {
        long id = Inputs.id(ctx.pathParam("id"));
        UserView v = services.users().view(actor(ctx), id);
        ctx.json(dto(v, roles(id)));
    }

    private List<String> roles(long userId) {
        return services.rbac().roles(userId).stream().map(Enum::name).sorted().toList();
    }









    private static UserDto dto(UserView v, List<String> roles) {
        return new UserDto(v.id(), v.username(), v.status(), v.locked(), v.displayName(), v.idCard(), v.phone(), v.email(),
                v.revealed(), roles);
    }
}
