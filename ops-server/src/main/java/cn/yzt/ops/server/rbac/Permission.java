package cn.yzt.ops.server.rbac;

/** What an authorization decision asks for. */
public enum Permission {
    USER_READ, USER_MANAGE, USER_UNLOCK, PERSONAL_DATA_REVEAL,
    ROLE_GRANT, CERT_BIND,
    SESSION_LIST, SESSION_REVOKE,
    AUDIT_READ, AUDIT_EXPORT,
    KEY_MANAGE,
    OPERATION_EXECUTE, OPERATION_APPROVE,
    MAP_READ
}
