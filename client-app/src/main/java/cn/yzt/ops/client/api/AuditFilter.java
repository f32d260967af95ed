package cn.yzt.ops.client.api;

import java.time.OffsetDateTime;

/**
 * Filters of GET /api/v1/audit; null = no filter. username: the server's account pattern; type:
 * an event type in upper case (LOGIN, ...); limit 1..5000 (null = server default 200).
 */
public record AuditFilter(String username, String type, OffsetDateTime from, OffsetDateTime to, Integer limit) {

    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null);
    }
}
