package cn.yzt.ops.client.records;

import cn.yzt.ops.client.signing.StoredReceipt;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One line of the records table: a stored receipt (null for a file that is not a readable receipt) and its last check. */
public final class RecordRow {
    private final Path file;
    private final StoredReceipt receipt;
    private final ObjectProperty<ReceiptCheck.Outcome> outcome = new SimpleObjectProperty<>(this, "outcome");

    RecordRow(Path file, StoredReceipt receipt) {
        this.file = file;
        this.receipt = receipt;
    }

    public Path file() {
        return file;
    }

    /** Null when the file could not be read as a receipt. */
    public StoredReceipt receipt() {
        return receipt;
    }

    /** Null until checked. FX thread. */
    public ObjectProperty<ReceiptCheck.Outcome> outcomeProperty() {
        return outcome;
    }

    public ReceiptCheck.Outcome outcome() {
        return outcome.get();
    }
}
