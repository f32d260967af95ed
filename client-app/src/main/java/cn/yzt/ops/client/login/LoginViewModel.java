package cn.yzt.ops.client.login;

import cn.yzt.ops.client.login.LoginGateway.LoginException;
import cn.yzt.ops.client.login.LoginGateway.LoginSession;
import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceRemovedException;
import cn.yzt.ops.skf.DeviceWatcher;
import cn.yzt.ops.skf.PinIncorrectException;
import cn.yzt.ops.skf.PinInfo;
import cn.yzt.ops.skf.PinLockedException;
import cn.yzt.ops.skf.SkfException;
import java.security.KeyStore;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
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
 * State of the UKEY login screen as properties. UKEY work (enumeration, certificate reading, PIN
 * verification) and the server login run in {@link Task}s on one background thread, so the FX
 * thread never blocks and device sessions never overlap. All public methods: FX thread only.
 */
public final class LoginViewModel implements AutoCloseable {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final UkeyService ukeys;
    private final LoginGateway gateway;
    private final Messages messages;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ukey-worker");
        t.setDaemon(true);
        return t;
    });

    private final ObservableList<String> devices = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedDevice = new SimpleObjectProperty<>(this, "selectedDevice");
    private final ReadOnlyObjectWrapper<KeyDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final ObservableList<CertificateInfo> containers = FXCollections.observableArrayList();
    private final ObjectProperty<CertificateInfo> selectedContainer = new SimpleObjectProperty<>(this, "selectedContainer");
    private final ReadOnlyStringWrapper subject = new ReadOnlyStringWrapper(this, "subject", "");
    private final ReadOnlyStringWrapper issuer = new ReadOnlyStringWrapper(this, "issuer", "");
    private final ReadOnlyStringWrapper validity = new ReadOnlyStringWrapper(this, "validity", "");
    private final ReadOnlyStringWrapper pinStatus = new ReadOnlyStringWrapper(this, "pinStatus", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final StringProperty account = new SimpleStringProperty(this, "account", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final ReadOnlyObjectWrapper<LoginSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final BooleanBinding canLogin;
    private DeviceWatcher watcher;

    public LoginViewModel(UkeyService ukeys, LoginGateway gateway, Messages messages) {
        this.ukeys = ukeys;
        this.gateway = gateway;
        this.messages = messages;
        selectedDevice.addListener((o, was, now) -> readDetails(now));
        selectedContainer.addListener((o, was, now) -> showCertificate(now));
        canLogin = Bindings.createBooleanBinding(() -> !busy.get() && details.get() != null
                && details.get().application() != null && selectedContainer.get() != null
                && selectedContainer.get().hasCertificate() && !account.get().isBlank(),
                busy, details, selectedContainer, account);
    }

    /** Enumerates the present keys and starts watching insertions and removals. */
    public void start() {
        watcher = ukeys.watch(e -> Platform.runLater(() -> onDeviceEvent(e)));
        Task<List<String>> t = new Task<>() {
            @Override
            protected List<String> call() {
                return ukeys.devices();
            }
        };
        t.setOnSucceeded(e -> {
            for (String d : t.getValue()) {
                if (!devices.contains(d)) {
                    devices.add(d);
                }
            }
            afterDeviceListChange();
        });
        t.setOnFailed(e -> message.set(describe(t.getException())));
        run(t);
    }

    private void onDeviceEvent(DeviceEvent e) {
        String name = e.deviceName();
        if (e.kind() == DeviceEvent.Kind.INSERTED) {
            if (!devices.contains(name)) {
                devices.add(name);
            }
            if (selectedDevice.get() == null) {
                message.set("");
                selectedDevice.set(name); // the key just plugged in
            }
            return;
        }
        // The chosen key was pulled: clear the choice before the list changes (so the list's
        // selection does not move on to another key by itself) and say so.
        boolean wasChosen = name.equals(selectedDevice.get());
        if (wasChosen) {
            selectedDevice.set(null);
            message.set(messages.get("ukey.removed"));
        }
        devices.remove(name);
        if (devices.isEmpty() && !wasChosen) {
            message.set(messages.get("ukey.none"));
        }
    }

    private void afterDeviceListChange() {
        if (selectedDevice.get() == null && !devices.isEmpty()) {
            selectedDevice.set(devices.get(0));
        } else if (devices.isEmpty() && message.get().isEmpty()) {
            message.set(messages.get("ukey.none"));
        }
    }

    private void readDetails(String device) {
        details.set(null);
        containers.clear();
        selectedContainer.set(null);
        pinStatus.set("");
        if (device == null) {
            return;
        }
        Task<KeyDetails> t = new Task<>() {
            @Override
            protected KeyDetails call() {
                return ukeys.read(device);
            }
        };
        t.setOnSucceeded(e -> {
            if (!device.equals(selectedDevice.get())) {
                return; // stale: another key was chosen meanwhile
            }
            KeyDetails d = t.getValue();
            details.set(d);
            message.set(d.application() == null ? messages.get("ukey.noApplication") : "");
            containers.setAll(d.containers());
            selectedContainer.set(d.containers().stream().filter(CertificateInfo::hasCertificate).findFirst()
                    .orElse(d.containers().isEmpty() ? null : d.containers().get(0)));
            showPinInfo(d.userPin());
        });
        t.setOnFailed(e -> {
            if (device.equals(selectedDevice.get())) {
                message.set(describe(t.getException()));
            }
        });
        run(t);
    }

    private void showCertificate(CertificateInfo c) {
        if (c == null || !c.hasCertificate()) {
            subject.set(c == null ? "" : messages.get("cert.none"));
            issuer.set("");
            validity.set("");
            return;
        }
        subject.set(c.subject());
        issuer.set(c.issuer());
        ZoneId zone = ZoneId.systemDefault();
        String range = messages.get("cert.validity", DATE.format(c.notBefore().atZone(zone)),
                DATE.format(c.notAfter().atZone(zone)));
        Instant now = Instant.now();
        if (now.isAfter(c.notAfter())) {
            range += " " + messages.get("cert.expired");
        } else if (now.isBefore(c.notBefore())) {
            range += " " + messages.get("cert.notYetValid");
        }
        validity.set(range);
    }

    private void showPinInfo(PinInfo pin) {
        if (pin == null) {
            pinStatus.set("");
        } else if (pin.locked()) {
            pinStatus.set(messages.get("pin.locked"));
        } else {
            pinStatus.set(messages.get("pin.retries", pin.remainingRetries()));
        }
    }

    /**
     * Verifies the PIN on the UKEY, opens the token KeyStore and logs in through the gateway, off
     * the FX thread. Takes ownership of {@code pin} and {@code password} and wipes them.
     */
    public Task<LoginSession> login(char[] pin, char[] password) {
        KeyDetails d = details.get();
        CertificateInfo c = selectedContainer.get();
        String acct = account.get().trim();
        if (d == null || d.application() == null || c == null) {
            Arrays.fill(pin, '\0');
            Arrays.fill(password, '\0');
            message.set(messages.get(devices.isEmpty() ? "ukey.none" : "ukey.noApplication"));
            return null;
        }
        Task<LoginSession> t = new Task<>() {
            @Override
            protected LoginSession call() throws Exception {
                try {
                    // Opening the token KeyStore verifies the PIN (wrong/locked PIN arrive as
                    // PinIncorrectException/PinLockedException): one PIN check per login, not two.
                    updateMessage(messages.get("progress.pin"));
                    KeyStore ks = ukeys.keyStore(d.device(), d.application(), pin);
                    updateMessage(messages.get("progress.server"));
                    return gateway.login(ks, c.container(), acct, password, this::updateMessage)
                            .onKey(d.device(), d.application());
                } finally {
                    Arrays.fill(pin, '\0');
                    Arrays.fill(password, '\0');
                }
            }
        };
        busy.set(true);
        message.set(messages.get("progress.pin"));
        t.messageProperty().addListener((o, was, now) -> {
            if (now != null && !now.isEmpty()) {
                message.set(now);
            }
        });
        t.setOnSucceeded(e -> {
            busy.set(false);
            message.set(messages.get("login.ok", t.getValue().account()));
            session.set(t.getValue());
        });
        t.setOnFailed(e -> {
            busy.set(false);
            Throwable ex = t.getException();
            message.set(describe(ex));
            if (ex instanceof PinIncorrectException p) {
                pinStatus.set(p.retriesLeft() <= 0 ? messages.get("pin.locked") : messages.get("pin.retries", p.retriesLeft()));
            } else if (ex instanceof PinLockedException) {
                pinStatus.set(messages.get("pin.locked"));
            }
        });
        run(t);
        return t;
    }

    /** Runs on the UKEY worker unless the screen was closed meanwhile (late device events). */
    private void run(Task<?> t) {
        if (!worker.isShutdown()) {
            worker.execute(t);
        }
    }

    /** A message that tells the administrator what to do. */
    String describe(Throwable ex) {
        if (ex instanceof PinIncorrectException p) {
            return p.retriesLeft() <= 0 ? messages.get("pin.locked") : messages.get("pin.wrong", p.retriesLeft());
        }
        if (ex instanceof PinLockedException) {
            return messages.get("pin.locked");
        }
        if (ex instanceof DeviceRemovedException) {
            return messages.get("ukey.removed");
        }
        if (ex instanceof LoginException) {
            return ex.getMessage();
        }
        if (ex instanceof SkfException s) {
            return s.userMessage(messages.locale());
        }
        return messages.get("login.failed", Objects.toString(ex == null ? null : ex.getMessage(), ""));
    }

    public ObservableList<String> devices() {
        return devices;
    }

    public ObjectProperty<String> selectedDeviceProperty() {
        return selectedDevice;
    }

    public ReadOnlyObjectProperty<KeyDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public ObservableList<CertificateInfo> containers() {
        return containers;
    }

    public ObjectProperty<CertificateInfo> selectedContainerProperty() {
        return selectedContainer;
    }

    public ReadOnlyStringProperty subjectProperty() {
        return subject.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty issuerProperty() {
        return issuer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty validityProperty() {
        return validity.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pinStatusProperty() {
        return pinStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public StringProperty accountProperty() {
        return account;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyObjectProperty<LoginSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public BooleanBinding canLoginBinding() {
        return canLogin;
    }

    public Messages messages() {
        return messages;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        worker.shutdownNow();
    }
}
