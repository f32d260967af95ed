package cn.yzt.ops.server.user;

import java.time.OffsetDateTime;

/** A users row as stored (protected columns still sealed). */
public record UserRecord(long id, String username, String status, PasswordHasher.Hash password, int failedLogins,
        OffsetDateTime lockedAt, byte[] recordMac, byte[] nameEnc, byte[] idCardEnc, byte[] phoneEnc, byte[] emailEnc) {

    public boolean locked() {
        return lockedAt != null;
    }

    public boolean active() {
        return "active".equals(status);
    }
}
