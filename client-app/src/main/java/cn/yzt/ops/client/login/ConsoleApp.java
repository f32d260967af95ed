package cn.yzt.ops.client.login;

import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.ConsoleLogin;
import cn.yzt.ops.client.settings.ConsoleDirs;
import cn.yzt.ops.client.settings.FirstRun;
import cn.yzt.ops.client.settings.WindowState;
import cn.yzt.ops.client.shell.ConsoleShell;
import cn.yzt.ops.client.shell.ScreenProvider;
import cn.yzt.ops.client.shell.TokenAccess;
import cn.yzt.ops.skf.DeviceEvent;
import cn.yzt.ops.skf.DeviceWatcher;
import cn.yzt.ops.skf.SkfException;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.VendorLibraries;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The ops console: the UKEY login screen, then the shell. Configuration: {@link ConsoleConfig}
 * (system properties {@code -Dyzt.*}, then the user's and the system's console.properties).
 * Arguments: {@code [--skf-lib PATH] [en]}; without {@code --skf-lib} the configuration's
 * {@code skf.library}, the environment variable {@code YZT_SKF_LIBRARY} and the vendor table
 * decide ({@link VendorLibraries#detect(Path)}).
 *
 * <p>Not itself an {@link Application}, like MapDemoApp (the java launcher refuses that on a class path).
 */
public final class ConsoleApp {
    private ConsoleApp() {
    }

    public static void main(String[] args) {
        Application.launch(Fx.class, args);
    }

    /** The explicit library path from {@code --skf-lib PATH} or {@code --skf-lib=PATH}, else null. */
    static Path skfLibArgument(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--skf-lib") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (a.startsWith("--skf-lib=")) {
                return Path.of(a.substring("--skf-lib=".length()));
            }
        }
        return null;
    }

    /** The shell's view of the UKEY layer, over the login screen's UkeyService. */
    public static TokenAccess tokenAccess(UkeyService ukeys) {
        return new TokenAccess() {
            @Override
            public DeviceWatcher watch(Consumer<DeviceEvent> listener) {
                return ukeys.watch(listener);
            }

            @Override
            public Optional<X509Certificate> certificate(String device, String application, String container) {
                try (var key = ukeys.library().connect(device); var app = key.openApplication(application);
                        var c = app.openContainer(container)) {
                    return c.certificate(true);
                } catch (SkfException ex) {
                    return Optional.empty();
                }
            }

            @Override
            public KeyStore open(String device, String application, char[] pin) throws Exception {
                return ukeys.keyStore(device, application, pin); // verifies the PIN
            }
        };
    }

    /** System property of the startup benchmark (ConsoleBench): print the time to the login screen and exit. */
    static final String BENCH_EXIT = "yzt.bench.exitOnLoginScreen";

    /** The JavaFX application proper. */
    public static final class Fx extends Application {
        private LoginViewModel vm;
        private ConsoleShell shell;
        private Stage stage;
        private UkeyService ukeys;
        private ConsoleConfig config;
        private Messages messages;

        @Override
        public void start(Stage primary) {
            this.stage = primary;
            List<String> args = getParameters().getRaw();
            config = ConsoleConfig.load();
            if (args.contains("en")) {
                config = config.withLocale(Locale.ENGLISH);
            }
            messages = new Messages(config.locale());
            stage.setTitle(messages.get("app.title"));
            WindowState.remember(stage, ConsoleDirs.current().windowStateFile());
            if (config.server() == null) {
                // First run: no layer names a server; the settings screen comes first, then start again.
                FirstRun.show(stage, config.locale(), () -> start(primary));
                return;
            }
            Path explicit = skfLibArgument(args);
            VendorLibraries.Detection found = VendorLibraries.detect(explicit != null ? explicit : config.skfLibrary());
            SkfLibrary library = null;
            String problem = null;
            if (found.library().isEmpty()) {
                problem = found.describe();
            } else {
                try {
                    library = SkfLibrary.load(found.library().get());
                } catch (SkfException | IllegalArgumentException | UnsatisfiedLinkError e) {
                    problem = found.describe() + System.lineSeparator() + e.getMessage();
                }
            }
            if (library == null) {
                Label l = new Label(messages.get("ukey.noLibrary", problem));
                l.setId("noLibraryLabel");
                l.setWrapText(true);
                stage.setScene(new Scene(new StackPane(l), 720, 360));
                stage.show();
                return;
            }
            ukeys = new UkeyService(library);
            stage.setScene(new Scene(new StackPane(), 1200, 780));
            showLogin();
            stage.show();
            if (Boolean.getBoolean(BENCH_EXIT)) {
                // Startup benchmark only: report once the login screen has been laid out, then leave.
                javafx.application.Platform.runLater(() -> {
                    long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                    System.out.println("YZT_LOGIN_SCREEN " + (System.currentTimeMillis() - jvmStart));
                    System.out.flush();
                    javafx.application.Platform.exit();
                });
            }
        }

        private void showLogin() {
            vm = new LoginViewModel(ukeys, new ServerLoginGateway(new ConsoleLogin(config), messages), messages);
            vm.sessionProperty().addListener((o, was, now) -> {
                if (now != null && now.loggedIn() != null) {
                    openShell(now);
                }
            });
            stage.getScene().setRoot(new LoginView(vm));
            vm.start();
        }

        private void openShell(LoginGateway.LoginSession s) {
            LoginViewModel done = vm;
            vm = null;
            shell = new ConsoleShell(s.loggedIn(), s.device(), s.application(), tokenAccess(ukeys), config,
                    ScreenProvider.loadAll(), () -> {
                        shell = null;
                        showLogin();
                    });
            stage.getScene().setRoot(shell.root());
            done.close(); // after the login view left the scene: no more device work for it
        }

        @Override
        public void stop() {
            if (vm != null) {
                vm.close();
            }
            if (shell != null) {
                shell.dispose();
            }
        }
    }
}
