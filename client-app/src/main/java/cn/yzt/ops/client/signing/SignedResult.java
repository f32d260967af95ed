package cn.yzt.ops.client.signing;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import cn.yzt.ops.protocol.ledger.Receipt;

/**
 * A signed operation accepted by the server, its receipt verified locally.
 *
 * @param type    the operation type (for an approval: {@code approval:<request type>})
 * @param receipt the verified receipt (ledger index, leaf hash, signed tree head, inclusion proof)
 * @param entry   the ledger entry bytes the leaf hash covers
 * @param stored  the receipt file under the records directory
 * @param status  "executed", "pending" (dual control: now waits for an approver) or null (approvals)
 * @param result  what the operation returned to its operator (e.g. a one-time password), or null;
 *                not stored by the console
 */
public record SignedResult(String type, Receipt receipt, byte[] entry, Path stored, String status, JsonNode result) {
    public SignedResult {
        entry = entry.clone();
    }

    public SignedResult(String type, Receipt receipt, byte[] entry, Path stored) {
        this(type, receipt, entry, stored, null, null);
    }

    /** True when the operation was only requested and waits for a second person. */
    public boolean pending() {
        return "pending".equals(status);
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    public long ledgerIndex() {
        return receipt.leafIndex();
    }
}
