package cn.yzt.ops.protocol.api;

/** POST /api/v1/users body. Optional fields may be null. The initial password is wiped after use. */
public record UserCreateRequest(String username, String displayName, String idCard, String phone, String email,
        char[] password) {
}
