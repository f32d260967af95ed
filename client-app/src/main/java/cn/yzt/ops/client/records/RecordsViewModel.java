package cn.yzt.ops.client.records;

import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.StoredReceipt;
import cn.yzt.ops.protocol.evidence.Certificates;
import cn.yzt.ops.protocol.evidence.EvidenceReport;
import cn.yzt.ops.protocol.evidence.EvidenceVerifier;
import cn.yzt.ops.protocol.ledger.Receipt;
import cn.yzt.ops.protocol.ledger.TreeHead;
import cn.yzt.ops.protocol.operation.ApprovalDocument;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.VerifiedOperation;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * State of the 签名记录 screen: the receipts this console stored, each re-checked offline
 * ({@link ReceiptCheck}), and the export of an evidence bundle for one of them — fetched from the
 * server, verified here with the trust anchors and the ledger key ({@link EvidenceVerifier}) and
 * matched against the stored receipt before a byte is written. Disk, network and verification run
 * in {@link Task}s on the given executor. Public methods: FX thread.
 */
public final class RecordsViewModel {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ReceiptStore store;
    private final ReceiptCheck checker;
    private final Optional<PublicKey> ledgerKey;
    private final List<Path> trustFiles;
    private final EvidenceSource evidence;
    private final Messages messages;
    private final Executor background;

    private final ObservableList<RecordRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<RecordRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper(this, "details", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    /**
     * @param trustFiles the configured trust anchor PEM files (evidence export needs them)
     * @param ledgerKey  the configured ledger public key (client.api.LedgerCheck#ledgerKey)
     */
    public RecordsViewModel(ReceiptStore store, ReceiptCheck checker, Optional<PublicKey> ledgerKey,
            List<Path> trustFiles, EvidenceSource evidence, Messages messages, Executor background) {
        this.store = store;
        this.checker = checker;
        this.ledgerKey = ledgerKey;
        this.trustFiles = List.copyOf(trustFiles);
        this.evidence = evidence;
        this.messages = messages;
        this.background = background;
        selected.addListener((o, was, now) -> details.set(now == null ? "" : details(now)));
    }

    /** Lists the records directory and checks every receipt. */
    public Task<List<RecordRow>> load() {
        Task<List<RecordRow>> t = new Task<>() {
            @Override
            protected List<RecordRow> call() {
                List<RecordRow> out = new ArrayList<>();
                for (StoredReceipt r : store.list()) {
                    RecordRow row = new RecordRow(r.file(), r);
                    out.add(row);
                }
                for (Path bad : store.unreadable()) {
                    out.add(new RecordRow(bad, null));
                }
                return out;
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            rows.setAll(t.getValue());
            message.set(rows.isEmpty() ? messages.get("records.none", store.dir()) : "");
            verifyAll();
        });
        t.setOnFailed(e -> {
            busy.set(false);
            message.set(messages.get("records.loadFailed", String.valueOf(t.getException().getMessage())));
        });
        busy.set(true);
        background.execute(t);
        return t;
    }

    /** Re-checks every listed receipt offline. */
    public Task<List<ReceiptCheck.Outcome>> verifyAll() {
        List<RecordRow> snapshot = List.copyOf(rows);
        Task<List<ReceiptCheck.Outcome>> t = new Task<>() {
            @Override
            protected List<ReceiptCheck.Outcome> call() {
                List<ReceiptCheck.Outcome> out = new ArrayList<>();
                for (RecordRow r : snapshot) {
                    out.add(r.receipt() == null ? new ReceiptCheck.Outcome(ReceiptCheck.State.UNREADABLE, "", null)
                            : checker.check(r.receipt()));
                }
                return out;
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            int failed = 0;
            for (int i = 0; i < snapshot.size(); i++) {
                ReceiptCheck.Outcome o = t.getValue().get(i);
                snapshot.get(i).outcomeProperty().set(o);
                if (o.state() == ReceiptCheck.State.FAILED || o.state() == ReceiptCheck.State.UNREADABLE) {
                    failed++;
                }
            }
            summary.set(messages.get("records.summary", snapshot.size(), failed)
                    + (checker.hasLedgerKey() ? "" : " " + messages.get("records.noLedgerKey")));
            if (selected.get() != null) {
                details.set(details(selected.get()));
            }
        });
        t.setOnFailed(e -> busy.set(false));
        busy.set(true);
        background.execute(t);
        return t;
    }

    /**
     * Downloads the evidence bundle of {@code row}'s ledger entry, verifies it (trust anchors +
     * ledger key, and that it is about this very receipt's entry) and only then writes it to
     * {@code target} (atomically). Null when the row cannot be exported (the message says why).
     */
    public Task<EvidenceReport> exportEvidence(RecordRow row, Path target) {
        if (row == null || row.receipt() == null) {
            message.set(messages.get("export.noSelection"));
            return null;
        }
        if (ledgerKey.isEmpty()) {
            message.set(messages.get("export.noLedgerKey"));
            return null;
        }
        if (trustFiles.isEmpty()) {
            message.set(messages.get("export.noTrust"));
            return null;
        }
        StoredReceipt r = row.receipt();
        Task<EvidenceReport> t = new Task<>() {
            @Override
            protected EvidenceReport call() throws Exception {
                updateMessage(messages.get("export.downloading", r.receipt().leafIndex()));
                byte[] bundle = evidence.evidence(r.receipt().leafIndex());
                updateMessage(messages.get("export.verifying"));
                EvidenceReport report = new EvidenceVerifier(anchors(), ledgerKey.get()).verify(bundle);
                if (!report.isVerified()) {
                    throw new ExportRefused(messages.get("export.notVerified",
                            messages.getOrDefault("evidence." + report.problem().orElseThrow().name(),
                                    report.problem().orElseThrow().name()), report.detail()));
                }
                Receipt got = report.receipt().orElseThrow();
                if (got.leafIndex() != r.receipt().leafIndex()
                        || !MessageDigest.isEqual(got.leafHash(), r.receipt().leafHash())) {
                    throw new ExportRefused(messages.get("export.otherEntry"));
                }
                write(target, bundle);
                return report;
            }
        };
        t.messageProperty().addListener((o, was, now) -> {
            if (now != null && !now.isEmpty()) {
                message.set(now);
            }
        });
        t.setOnSucceeded(e -> {
            busy.set(false);
            message.set(messages.get("export.saved", target));
        });
        t.setOnFailed(e -> {
            busy.set(false);
            Throwable ex = t.getException();
            message.set(ex instanceof ExportRefused ? ex.getMessage()
                    : messages.get("export.failed", String.valueOf(ex.getMessage())));
        });
        busy.set(true);
        background.execute(t);
        return t;
    }

    /** A refusal with a sentence for the administrator. */
    static final class ExportRefused extends Exception {
        private static final long serialVersionUID = 1L;

        ExportRefused(String message) {
            super(message, null, false, false);
        }
    }

    private Set<X509Certificate> anchors() throws IOException, java.security.GeneralSecurityException {
        Set<X509Certificate> out = new HashSet<>();
        for (Path p : trustFiles) {
            out.addAll(Certificates.parse(Files.readAllBytes(p)));
        }
        return out;
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".evidence", ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The suggested file name for an export. */
    public static String suggestedName(RecordRow row) {
        return "evidence-" + (row.receipt() == null ? "x" : row.receipt().receipt().leafIndex()) + ".json";
    }

    /** The status column's text. */
    public String status(ReceiptCheck.Outcome o) {
        if (o == null) {
            return messages.get("status.pending");
        }
        return switch (o.state()) {
            case VERIFIED -> messages.get("status.verified");
            case VERIFIED_WITHOUT_KEY -> messages.get("status.verifiedWithoutKey");
            case UNREADABLE -> messages.get("status.unreadable");
            case FAILED -> messages.get("status.failed", messages.getOrDefault("problem." + o.problem(), o.problem()));
        };
    }

    public String time(RecordRow row) {
        return row.receipt() == null ? "" : TIME.format(row.receipt().savedAt().atZone(ZoneId.systemDefault()));
    }

    private String details(RecordRow row) {
        StringBuilder b = new StringBuilder();
        line(b, "detail.file", row.file());
        line(b, "detail.status", status(row.outcome()));
        StoredReceipt r = row.receipt();
        if (r == null) {
            return b.toString();
        }
        HexFormat hex = HexFormat.of();
        TreeHead th = r.receipt().signedTreeHead().treeHead();
        line(b, "detail.type", r.type());
        line(b, "detail.description", r.description());
        line(b, "detail.server", r.server());
        line(b, "detail.saved", time(row));
        line(b, "detail.position", r.receipt().leafIndex(), th.treeSize(), th.timestamp().toString());
        line(b, "detail.leaf", hex.formatHex(r.receipt().leafHash()));
        line(b, "detail.root", hex.formatHex(th.rootHash()));
        line(b, "detail.keyId", hex.formatHex(th.keyId()));
        ReceiptCheck.Outcome o = row.outcome();
        VerifiedOperation op = o == null ? null : o.signed();
        if (op != null) {
            line(b, "detail.signer", op.signer().getSubjectX500Principal().getName(), op.signingTime().toString());
            if (op.document() instanceof OperationDocument d) {
                line(b, "detail.operation", d.type(), d.operator(), d.parametersJson());
            } else if (op.document() instanceof ApprovalDocument a) {
                line(b, "detail.approval", messages.get("decision." + a.decision().name()), a.requestType(),
                        hex.formatHex(a.requestLeafHash()));
            }
            line(b, "detail.digest", hex.formatHex(op.document().digest()));
        }
        return b.toString();
    }

    private void line(StringBuilder b, String key, Object... args) {
        if (b.length() > 0) {
            b.append('\n');
        }
        b.append(messages.get(key, args));
    }

    public ObservableList<RecordRow> rows() {
        return rows;
    }

    public ObjectProperty<RecordRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public Messages messages() {
        return messages;
    }
}
