package cn.yzt.ops.client.api;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.ledger.Receipt;

/**
 * The server's answer to a signed document: the receipt (ledger index, leaf hash, signed tree head,
 * inclusion proof) and the exact ledger entry bytes the leaf hash covers. Verify before trusting:
 * {@link LedgerCheck#verifyReceipt}.
 *
 * @param status "executed", "pending" (dual control: waits for a second person's approval), or null
 *               (approvals carry no status)
 * @param result what the operation returned to its operator, or null (e.g. user.create's one-time
 *               password; shown once, never stored by the console)
 */
public record Submitted(Receipt receipt, byte[] entry, String status, JsonNode result) {
    public Submitted {
        entry = entry.clone();
        result = result == null ? null : result.deepCopy();
    }

    public Submitted(Receipt receipt, byte[] entry) {
        this(receipt, entry, null, null);
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    public boolean pending() {
        return "pending".equals(status);
    }
}
