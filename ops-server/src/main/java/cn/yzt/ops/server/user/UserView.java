package cn.yzt.ops.server.user;

/** A user as shown to a caller: personal data masked unless the caller may reveal it. */
public record UserView(long id, String username, String status, boolean locked, String displayName, String idCard,
        String phone, String email, boolean revealed) {
}
