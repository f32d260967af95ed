package cn.yzt.ops.client.shell;

import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.LoggedIn;
import cn.yzt.ops.client.api.SessionInfo;
import cn.yzt.ops.client.api.TokenIdentity;
import cn.yzt.ops.client.api.TreeHeadStatus;
import cn.yzt.ops.client.signing.DialogSigner;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.SigningService;
import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceWatcher;
import cn.yzt.ops.skf.SkfException;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The main window after login: navigation over the {@link ScreenRegistry}, the screens, the
 * status bar, the ledger warning, and the lock: when the UKEY used to log in is removed, an
 * overlay covers everything (within the watcher's latency, under 2 s); only the same key (same
 * signing certificate) with its PIN lifts it. Another key is refused before its PIN is asked.
 * FX thread for all public methods.
 */
public final class ConsoleShell {
    /**
     * Key of a screen root's {@code getProperties()} entry: a {@code Runnable} the shell runs when
     * it is disposed (log out, session ended, application exit) — stop threads, cancel requests.
     */
    public static final String DISPOSE = "yzt.shell.dispose";
    private final LoggedIn session;
    private final TokenAccess tokens;
    private final String application;
    private final ShellMessages m;
    private final ExecutorService background = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "console-background");
        t.setDaemon(true);
        return t;
    });
    private final StackPane root = new StackPane();
    private final BorderPane main = new BorderPane();
    private final StackPane content = new StackPane();
    private final StatusBar status;
    private final LockScreen lock;
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(this, "locked");
    private final Map<String, Node> built = new HashMap<>();
    private final ConsoleContext context;
    private final Timeline clock;
    private final Runnable onLoggedOut;
    private volatile TokenIdentity identity;
    private volatile String device;
    private String candidate;
    private DeviceWatcher watcher;

    /**
     * @param device      the UKEY device logged in with
     * @param application its SKF application
     * @param onLoggedOut run after log out (the app shows the login screen again)
     */
    public ConsoleShell(LoggedIn session, String device, String application, TokenAccess tokens, ConsoleConfig config,
            ScreenRegistry registry, Runnable onLoggedOut) {
        this.session = session;
        this.tokens = tokens;
        this.device = device;
        this.application = application;
        this.identity = session.identity();
        this.onLoggedOut = onLoggedOut;
        this.m = new ShellMessages(config.locale());
        ReceiptStore receipts = new ReceiptStore(config.recordsDir());
        SigningService signing = new SigningService(session.api(), () -> identity, session.ledger(), receipts,
                config.locale());
        DialogSigner signer = new DialogSigner(signing, background,
                () -> root.getScene() == null ? null : root.getScene().getWindow(), config.locale(), this::reopen);
        context = new ConsoleContext(session.api(), signer, identity, session.ledger(), receipts, config,
                config.locale(), background);

        status = new StatusBar(m);
        status.logout.setOnAction(e -> logout());
        lock = new LockScreen(m, this::unlock);
        lock.setVisible(false);

        main.setTop(ledgerBanner(session.treeHead()));
        main.setLeft(navigation(registry));
        main.setCenter(content);
        main.setBottom(status);
        root.getChildren().addAll(main, lock);
        root.setId("shellRoot");

        refreshStatus();
        clock = new Timeline(new KeyFrame(Duration.seconds(1), e -> refreshStatus()));
        clock.setCycleCount(Timeline.INDEFINITE);
        clock.play();
        watcher = tokens.watch(e -> Platform.runLater(() -> onDevice(e)));
        session.api().onSessionEnded(() -> Platform.runLater(this::sessionEnded));
    }

    /** The server ended the session: back to the login screen (nothing to log out from). */
    private void sessionEnded() {
        if (watcher == null) {
            return; // disposed already
        }
        dispose();
        onLoggedOut.run();
    }

    public Parent root() {
        return root;
    }

    public ConsoleContext context() {
        return context;
    }

    public ReadOnlyBooleanProperty lockedProperty() {
        return locked.getReadOnlyProperty();
    }

    /** Shows screen {@code id} (as if its navigation button was pressed). */
    public void show(String id) {
        Node b = root.lookup("#nav-" + id);
        if (b instanceof ToggleButton t) {
            t.setSelected(true);
        }
    }

    // ---- layout ----

    private Node ledgerBanner(TreeHeadStatus head) {
        if (head == null || head.message() == null || head.message().isEmpty()) {
            return null;
        }
        Label text = new Label(head.message());
        text.setWrapText(true);
        HBox box;
        if (head.alarming()) {
            Label title = new Label(m.get("ledger.banner.title"));
            title.setStyle("-fx-font-weight: bold; -fx-text-fill: white;");
            text.setStyle("-fx-text-fill: white;");
            Button ack = new Button(m.get("ledger.banner.dismiss"));
            ack.setId("ledgerWarningAck");
            VBox words = new VBox(4, title, text);
            HBox.setHgrow(words, Priority.ALWAYS);
            box = new HBox(12, words, ack);
            box.setId("ledgerWarning");
            box.setStyle("-fx-background-color: #b71c1c;");
            // Acknowledging shrinks the banner to one line; the warning never disappears this session.
            ack.setOnAction(e -> {
                words.getChildren().remove(text);
                box.getChildren().remove(ack);
            });
        } else {
            box = new HBox(text);
            box.setId("ledgerInfo");
            box.setStyle("-fx-background-color: #fff8e1;");
        }
        box.setPadding(new Insets(8, 12, 8, 12));
        return box;
    }

    private Node navigation(ScreenRegistry registry) {
        ToggleGroup group = new ToggleGroup();
        VBox nav = new VBox(4);
        nav.setId("navigation");
        nav.setPadding(new Insets(8));
        nav.setStyle("-fx-background-color: #f5f7f8;");
        for (Screen s : registry.screens()) {
            ToggleButton b = new ToggleButton(m.getOrDefault(s.titleKey(), s.id()));
            b.setId("nav-" + s.id());
            b.setMaxWidth(Double.MAX_VALUE);
            b.setToggleGroup(group);
            b.selectedProperty().addListener((o, was, now) -> {
                if (now) {
                    content.getChildren().setAll(screen(s));
                }
            });
            nav.getChildren().add(b);
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null && was != null) {
                was.setSelected(true); // one screen is always shown
            }
        });
        if (!nav.getChildren().isEmpty()) {
            ((ToggleButton) nav.getChildren().get(0)).setSelected(true);
        }
        return nav;
    }

    private Node screen(Screen s) {
        return built.computeIfAbsent(s.id(), id -> {
            try {
                return s.factory().apply(context);
            } catch (RuntimeException ex) {
                Label l = new Label(ex.toString());
                l.setWrapText(true);
                return l;
            }
        });
    }

    private void refreshStatus() {
        SessionInfo s = session.api().session();
        status.ukey.setText(locked.get() ? m.get("status.ukey.removed") : m.get("status.ukey.present", device));
        if (s != null) {
            status.tlcp.setText(m.get("status.tlcp", s.cipherSuite(), ShellText.commonName(s.serverSignSubject())));
            status.user.setText(m.get("status.user", s.username()));
            java.time.Duration left = s.timeLeft(Instant.now());
            status.session.setText(left.isZero() ? m.get("status.session.ended")
                    : m.get("status.session", ShellText.duration(left)));
        }
    }

    // ---- lock ----

    private void onDevice(DeviceEvent e) {
        if (e.kind() == DeviceEvent.Kind.REMOVED) {
            if (!locked.get() && e.deviceName().equals(device)) {
                lockNow();
            } else if (locked.get() && e.deviceName().equals(candidate)) {
                candidate = null;
                lock.state(m.get("lock.waiting"), false, false);
            }
            return;
        }
        if (locked.get()) {
            examine(e.deviceName());
        }
    }

    private void lockNow() {
        locked.set(true);
        candidate = null;
        closeOwnedWindows();
        lock.setVisible(true);
        lock.toFront();
        lock.state(m.get("lock.waiting"), false, false);
        refreshStatus();
    }

    /**
     * Dialogs of this window (signing, create user, ...) are separate windows the overlay cannot
     * cover: close them as if the person had closed them (a signing in progress is cancelled).
     */
    private void closeOwnedWindows() {
        if (root.getScene() == null || root.getScene().getWindow() == null) {
            return;
        }
        javafx.stage.Window mine = root.getScene().getWindow();
        for (javafx.stage.Window w : new java.util.ArrayList<>(javafx.stage.Window.getWindows())) {
            if (w instanceof javafx.stage.Stage st && st.getOwner() == mine) {
                st.fireEvent(new javafx.stage.WindowEvent(st, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
                st.close();
            }
        }
    }

    /** A key was inserted while locked: is it the one logged in with? (its certificate, not its name) */
    private void examine(String dev) {
        candidate = dev;
        lock.state(m.get("lock.checking"), false, true);
        background.execute(() -> {
            boolean same = sameCertificate(tokens.certificate(dev, application, identity.alias()));
            Platform.runLater(() -> {
                if (!dev.equals(candidate) || !locked.get()) {
                    return;
                }
                lock.state(same ? m.get("lock.ready", dev) : m.get("lock.wrongKey"), same, false);
            });
        });
    }

    private boolean sameCertificate(Optional<X509Certificate> c) {
        try {
            return c.isPresent() && MessageDigest.isEqual(c.get().getEncoded(), identity.signCertificate().getEncoded());
        } catch (CertificateEncodingException ex) {
            return false;
        }
    }

    private void unlock(char[] pin) {
        String dev = candidate;
        if (dev == null) {
            Arrays.fill(pin, '\0');
            return;
        }
        lock.state(m.get("lock.checking"), false, true);
        background.execute(() -> {
            String problem = null;
            try {
                if (!sameCertificate(tokens.certificate(dev, application, identity.alias()))) {
                    problem = m.get("lock.wrongKey");
                } else {
                    TokenIdentity fresh = TokenIdentity.of(tokens.open(dev, application, pin), identity.alias());
                    if (!sameCertificate(Optional.of(fresh.signCertificate()))) {
                        problem = m.get("lock.wrongKey");
                    } else {
                        session.api().rebind(fresh);
                        identity = fresh;
                        device = dev;
                    }
                }
            } catch (SkfException ex) {
                problem = m.get("lock.failed", ex.userMessage(m.locale()));
            } catch (Exception ex) {
                problem = m.get("lock.failed", String.valueOf(ex.getMessage()));
            } finally {
                Arrays.fill(pin, '\0');
            }
            String p = problem;
            Platform.runLater(() -> {
                if (p == null) {
                    locked.set(false);
                    lock.setVisible(false);
                    refreshStatus();
                } else {
                    lock.state(p, dev.equals(candidate) && !p.equals(m.get("lock.wrongKey")), false);
                }
            });
        });
    }

    /** The signing dialog's PIN hook: re-open the same key with the PIN. Background thread. */
    private void reopen(char[] pin) throws Exception {
        TokenIdentity fresh = TokenIdentity.of(tokens.open(device, application, pin), identity.alias());
        if (!sameCertificate(Optional.of(fresh.signCertificate()))) {
            throw new IllegalStateException(m.get("lock.wrongKey"));
        }
        session.api().rebind(fresh);
        identity = fresh;
    }

    // ---- end ----

    private void logout() {
        status.logout.setDisable(true);
        background.execute(() -> {
            try {
                session.api().logout();
            } catch (RuntimeException ex) {
                // the session may be gone already; logging out locally is what matters
            }
            Platform.runLater(() -> {
                dispose();
                onLoggedOut.run();
            });
        });
    }

    /** Stops the clock and the watcher, closes the API client. */
    public void dispose() {
        clock.stop();
        for (Node n : built.values()) {
            if (n.getProperties().get(DISPOSE) instanceof Runnable r) {
                try {
                    r.run();
                } catch (RuntimeException ex) {
                    // one screen failing to clean up must not keep the others running
                }
            }
        }
        built.clear();
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        session.api().close();
        background.shutdownNow();
    }
}
