package cn.yzt.ops.client.api;

/**
 * A successful console login: the API client (session token inside), the UKEY identity that
 * signs operations, and the ledger check done at login.
 */
public record LoggedIn(OpsApi api, TokenIdentity identity, TreeHeadStatus treeHead, LedgerCheck ledger) {
}
