package cn.yzt.ops.protocol.api;

/** POST /api/v1/users/{id}/roles body: one built-in role code, e.g. "AUDITOR". */
public record RoleGrantRequest(String role) {
}
