package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.api.AuditFilter;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.Signer;
import cn.yzt.ops.protocol.api.AuditEntryDto;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * 审计日志: search with filters (time range, actor, event type, outcome) and export. Export is a
 * signed audit.export naming exactly the filters; once the server has recorded it, the rows shown
 * are written as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese correctly).
 */
public final class AuditViewModel {
    /** Outcome filter; the server filters the rest. */
    public enum Outcome { ALL, SUCCESS, FAILURE }

    private static final int LIMIT = 1000;

    private final OpsApi api;
    private final Messages m;
    private final AdminTasks tasks;
    private final Executor background;
    private final ObservableList<AuditEntryDto> rows = FXCollections.observableArrayList();
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(this, "from");
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>(this, "to");
    private final StringProperty actor = new SimpleStringProperty(this, "actor", "");
    private final StringProperty event = new SimpleStringProperty(this, "event", "");
    private final ObjectProperty<Outcome> outcome = new SimpleObjectProperty<>(this, "outcome", Outcome.ALL);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    public AuditViewModel(OpsApi api, Signer signer, Locale locale, Executor background) {
        this.api = api;
        this.m = new Messages(locale);
        this.background = background;
        this.tasks = new AdminTasks(background, signer, m, message, busy);
    }

    AuditFilter filter() {
        ZoneId zone = ZoneId.systemDefault();
        OffsetDateTime f = from.get() == null ? null : from.get().atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime t = to.get() == null ? null : to.get().plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        return new AuditFilter(blankToNull(actor.get()), blankToNull(event.get() == null ? null : event.get().toUpperCase(Locale.ROOT)),
                f, t, LIMIT);
    }

    public void search() {
        if (from.get() != null && to.get() != null && to.get().isBefore(from.get())) {
            message.set(m.get("audit.badRange"));
            return;
        }
        AuditFilter f = filter();
        Outcome o = outcome.get();
        tasks.read(() -> api.audit(f).stream().filter(e -> matches(e, o)).toList(), list -> {
            rows.setAll(list);
            message.set(m.get("audit.count", list.size()));
        });
    }

    static boolean matches(AuditEntryDto e, Outcome o) {
        if (o == null || o == Outcome.ALL) {
            return true;
        }
        boolean ok = e.outcome() != null && (e.outcome().equalsIgnoreCase("SUCCESS") || e.outcome().equalsIgnoreCase("OK")
                || e.outcome().equalsIgnoreCase("ACCEPTED"));
        return o == Outcome.SUCCESS ? ok : !ok;
    }

    /**
     * Signs audit.export for the current filters. The file is the SERVER's CSV (the bytes whose SM3
     * the ledger records), never the rows on screen: under dual control (the default) it is collected
     * in 待审批 → 我的申请 → 查看结果 once approved; executed at once, it is written to {@code target}.
     */
    public void export(Path target) {
        AuditFilter f = filter();
        ObjectNode p = StrictJson.object();
        if (f.username() != null) {
            p.put("username", f.username());
        }
        if (f.type() != null) {
            p.put("eventType", f.type());
        }
        if (f.from() != null) {
            p.put("from", f.from().toString());
        }
        if (f.to() != null) {
            p.put("to", f.to().toString());
        }
        p.put("limit", LIMIT);
        tasks.sign(new OperationRequest(OperationTypes.AUDIT_EXPORT, p, null), r -> {
            if (r.pending()) {
                message.set(m.get("audit.exportRequested", r.ledgerIndex()));
                return;
            }
            if (r.result() == null || !r.result().hasNonNull("csv")) {
                message.set(m.get("audit.exportFailed", m.get("audit.noCsv")));
                return;
            }
            String csvText = r.result().get("csv").asText();
            background.execute(() -> {
                try {
                    java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
                    java.nio.file.Files.writeString(target, csvText, java.nio.charset.StandardCharsets.UTF_8);
                    javafx.application.Platform.runLater(() -> message.set(m.get("audit.exported", target,
                            r.ledgerIndex())));
                } catch (IOException ex) {
                    javafx.application.Platform.runLater(() -> message.set(m.get("audit.exportFailed", ex.getMessage())));
                }
            });
        });
    }

    static String csv(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return v.matches(".*[\",\r\n].*") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public ObservableList<AuditEntryDto> rows() {
        return rows;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public StringProperty actorProperty() {
        return actor;
    }

    public StringProperty eventProperty() {
        return event;
    }

    public ObjectProperty<Outcome> outcomeProperty() {
        return outcome;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public Messages messages() {
        return m;
    }
}
