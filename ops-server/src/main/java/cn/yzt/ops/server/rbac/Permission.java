package cn.yzt.ops.server.rbac;

/** What an authorization decision asks for. */
public enum Permission {
    USER_READ, USER_MANAGE, USER_UNLOCK, PERSONAL_DATA_REVEAL,
    /** Enrol a person: create the account (with a server-made one-time password). */
    USER_CREATE,
    ROLE_GRANT, CERT_BIND,
    /** Change the dual-control policy (itself always dual-control). */
    POLICY_MANAGE,
    SESSION_LIST, SESSION_REVOKE,
    AUDIT_READ, AUDIT_EXPORT,
    KEY_MANAGE,
    OPERATION_EXECUTE, OPERATION_APPROVE,
    MAP_READ,
    /** Publish a map layer, change a parcel's planning status (signed, dual-control by default). */
    MAP_PUBLISH
}
