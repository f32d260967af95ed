package cn.yzt.ops.protocol.api;

import java.util.List;

/** A user as the API shows it; personal data masked unless {@code revealed}. */
public record UserDto(long id, String username, String status, boolean locked, String displayName, String idCard,
        String phone, String email, boolean revealed, List<String> roles) {
}
