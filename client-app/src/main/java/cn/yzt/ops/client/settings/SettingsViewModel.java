package cn.yzt.ops.client.settings;

import cn.yzt.ops.skf.VendorLibraries;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

/**
 * State of the settings / first-run screen. The fields hold what the user file says; a value set
 * only in the system file shows as the field's prompt and still counts for validation; a value
 * forced by a {@code -Dyzt.*} start option is explained next to its field. Reading files,
 * validating and saving run in {@link Task}s on one background thread. Public methods: FX thread.
 */
public final class SettingsViewModel implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final SettingsStore store;
    private final SettingsValidator validator;
    private final Messages messages;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "settings-worker");
        t.setDaemon(true);
        return t;
    });

    private final Map<SettingKey, StringProperty> fields = new EnumMap<>(SettingKey.class);
    private final Map<SettingKey, ReadOnlyStringWrapper> errors = new EnumMap<>(SettingKey.class);
    private final Map<SettingKey, ReadOnlyStringWrapper> notes = new EnumMap<>(SettingKey.class);
    private final Map<SettingKey, String> fallbacks = new EnumMap<>(SettingKey.class);
    private final ObservableList<TrustAnchor> anchors = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper detection = new ReadOnlyStringWrapper(this, "detection", "");
    private final ReadOnlyStringWrapper ledgerKeyFingerprint = new ReadOnlyStringWrapper(this, "ledgerKeyFingerprint", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final BooleanProperty firstRun = new SimpleBooleanProperty(this, "firstRun");
    private final ObjectProperty<Runnable> onSaved = new SimpleObjectProperty<>(this, "onSaved");
    private long runs;
    private final ObjectProperty<Runnable> onCancel = new SimpleObjectProperty<>(this, "onCancel");

    public SettingsViewModel(SettingsStore store, SettingsValidator validator, Messages messages) {
        this.store = store;
        this.validator = validator;
        this.messages = messages;
        for (SettingKey k : SettingKey.values()) {
            fields.put(k, new SimpleStringProperty(this, k.fileKey(), ""));
            errors.put(k, new ReadOnlyStringWrapper(this, k.fileKey() + "Error", ""));
            notes.put(k, new ReadOnlyStringWrapper(this, k.fileKey() + "Note", ""));
        }
        fields.get(SettingKey.LANG).set("zh");
    }

    /** Reads the files, fills the fields and runs a first check (anchors, SKF detection). */
    public Task<Map<SettingKey, SettingsStore.Effective>> load() {
        Task<Map<SettingKey, SettingsStore.Effective>> t = new Task<>() {
            private Map<SettingKey, String> user;

            @Override
            protected Map<SettingKey, SettingsStore.Effective> call() throws IOException {
                user = store.userValues();
                return store.effective();
            }

            @Override
            protected void succeeded() {
                if (worker.isShutdown()) {
                    return;
                }
                Map<SettingKey, SettingsStore.Effective> eff = getValue();
                for (SettingKey k : SettingKey.values()) {
                    SettingsStore.Effective e = eff.get(k);
                    String userValue = user.getOrDefault(k, "");
                    if (k == SettingKey.LANG) {
                        String lang = userValue.isEmpty() && e.source() == SettingsStore.Source.SYSTEM ? e.value() : userValue;
                        fields.get(k).set(lang.equals("en") ? "en" : "zh");
                    } else {
                        fields.get(k).set(userValue);
                    }
                    fallbacks.remove(k);
                    notes.get(k).set("");
                    if (e.source() == SettingsStore.Source.SYSTEM_PROPERTY) {
                        notes.get(k).set(messages.get("settings.overridden", k.systemProperty(), e.value()));
                    } else if (e.source() == SettingsStore.Source.SYSTEM) {
                        fallbacks.put(k, e.value());
                        notes.get(k).set(messages.get("settings.systemDefault", e.value()));
                    }
                }
                firstRun.set(!eff.get(SettingKey.SERVER).isSet());
                busy.set(false);
                check();
            }

            @Override
            protected void failed() {
                busy.set(false);
                message.set(messages.get("settings.loadFailed", String.valueOf(getException().getMessage())));
            }
        };
        busy.set(true);
        worker.execute(t);
        return t;
    }

    /** Validates what is typed (anchors and SKF detection shown), saves nothing. */
    public Task<SettingsValidator.Result> check() {
        return run(false);
    }

    /** Validates, and saves to the user file if everything checks out; then calls {@link #onSavedProperty()}. */
    public Task<SettingsValidator.Result> save() {
        return run(true);
    }

    public void cancel() {
        if (onCancel.get() != null) {
            onCancel.get().run();
        }
    }

    private Task<SettingsValidator.Result> run(boolean save) {
        if (worker.isShutdown()) {
            return null; // closed: a late focus change of a discarded view
        }
        long generation = ++runs;
        SettingsForm typed = form();
        SettingsForm effective = withFallbacks(typed);
        Task<SettingsValidator.Result> t = new Task<>() {
            @Override
            protected SettingsValidator.Result call() throws IOException {
                SettingsValidator.Result r = validator.validate(effective);
                if (save && r.ok()) {
                    store.saveUser(typed.toMap());
                }
                return r;
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            SettingsValidator.Result r = t.getValue();
            if (generation != runs && !save) {
                return; // a newer check or save is coming: do not flash stale problems
            }
            show(r);
            if (!r.ok()) {
                message.set(messages.get("settings.invalid"));
            } else if (save) {
                message.set(messages.get("settings.saved", store.dirs().userConfig()));
                firstRun.set(false);
                if (onSaved.get() != null) {
                    onSaved.get().run();
                }
            } else {
                message.set(messages.get("settings.checked"));
            }
        });
        t.setOnFailed(e -> {
            busy.set(false);
            message.set(messages.get("settings.saveFailed", String.valueOf(t.getException().getMessage())));
        });
        busy.set(true);
        worker.execute(t);
        return t;
    }

    private void show(SettingsValidator.Result r) {
        for (SettingKey k : SettingKey.values()) {
            SettingsProblem p = r.problems().get(k);
            errors.get(k).set(p == null ? "" : messages.of(p));
        }
        anchors.setAll(r.anchors());
        detection.set(describe(r.detection()));
        ledgerKeyFingerprint.set(r.ledgerKeyFingerprint().isEmpty() ? ""
                : messages.get("settings.ledgerKey.fingerprint", r.ledgerKeyFingerprint()));
    }

    /** The detection as lines the administrator can act on. */
    String describe(VendorLibraries.Detection d) {
        StringBuilder b = new StringBuilder();
        b.append(d.library().map(p -> messages.get("skf.using", p, d.source()))
                .orElse(messages.get("skf.none")));
        if (!d.tried().isEmpty()) {
            b.append('\n').append(messages.get("skf.tried"));
            for (VendorLibraries.Attempt a : d.tried()) {
                b.append("\n  ").append(messages.get("skf.status." + a.status().name())).append("  ")
                        .append(a.path()).append("  [").append(a.source()).append(']');
            }
        }
        return b.toString();
    }

    /** One anchor as shown in the list. */
    public String describe(TrustAnchor a) {
        ZoneId zone = ZoneId.systemDefault();
        return messages.get("settings.anchor.line", a.subject(), a.sm3Fingerprint(),
                DATE.format(a.notBefore().atZone(zone)), DATE.format(a.notAfter().atZone(zone)),
                a.expiredAt(Instant.now()) ? messages.get("settings.anchor.expired") : "");
    }

    public SettingsForm form() {
        Map<SettingKey, String> m = new EnumMap<>(SettingKey.class);
        fields.forEach((k, v) -> m.put(k, v.get()));
        return SettingsForm.of(m);
    }

    private SettingsForm withFallbacks(SettingsForm typed) {
        Map<SettingKey, String> m = typed.toMap();
        fallbacks.forEach((k, v) -> {
            if (m.get(k).isEmpty()) {
                m.put(k, v);
            }
        });
        return SettingsForm.of(m);
    }

    public StringProperty field(SettingKey k) {
        return fields.get(k);
    }

    public ReadOnlyStringProperty errorProperty(SettingKey k) {
        return errors.get(k).getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noteProperty(SettingKey k) {
        return notes.get(k).getReadOnlyProperty();
    }

    /** The system-file value shown as a prompt when the user file leaves the key empty. */
    public String fallback(SettingKey k) {
        return fallbacks.getOrDefault(k, "");
    }

    public ObservableList<TrustAnchor> anchors() {
        return anchors;
    }

    public ReadOnlyStringProperty detectionProperty() {
        return detection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ledgerKeyFingerprintProperty() {
        return ledgerKeyFingerprint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyBooleanProperty firstRunProperty() {
        return firstRun;
    }

    public ObjectProperty<Runnable> onSavedProperty() {
        return onSaved;
    }

    public ObjectProperty<Runnable> onCancelProperty() {
        return onCancel;
    }

    public Messages messages() {
        return messages;
    }

    public SettingsStore store() {
        return store;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
