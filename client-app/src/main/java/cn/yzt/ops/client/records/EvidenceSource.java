package cn.yzt.ops.client.records;

/**
 * Where evidence bundles come from: the server's {@code GET /api/v1/ledger/evidence/{index}}
 * ({@code OpsApi::evidenceBundle}). Blocking; called off the FX thread. What it returns is not
 * trusted: the records screen verifies it before saving.
 */
@FunctionalInterface
public interface EvidenceSource {
    byte[] evidence(long ledgerIndex);
}
