package cn.yzt.ops.client.signing;

import java.nio.file.Path;
import java.time.Instant;

import cn.yzt.ops.protocol.ledger.Receipt;

/**
 * One receipt kept by this console (records directory), as the records screen lists it.
 *
 * @param file        where it is stored
 * @param server      the server's base URL
 * @param type        operation type ({@code approval:<type>} / {@code rejection:<type>} for decisions)
 * @param description the sentence shown when it was signed
 * @param savedAt     when the console stored it
 * @param receipt     the receipt
 * @param entry       the ledger entry bytes (holds the CMS)
 */
public record StoredReceipt(Path file, String server, String type, String description, Instant savedAt,
        Receipt receipt, byte[] entry) {
    public StoredReceipt {
        entry = entry.clone();
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }
}
