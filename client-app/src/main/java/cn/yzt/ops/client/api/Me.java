package cn.yzt.ops.client.api;

import java.util.List;

/** GET /api/v1/me: the account and its role codes (e.g. SECURITY_ADMIN, AUDITOR). */
public record Me(long userId, String username, List<String> roles) {
    public Me {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String code) {
        return roles.contains(code);
    }
}
