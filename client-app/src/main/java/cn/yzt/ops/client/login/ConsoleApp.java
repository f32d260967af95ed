package cn.yzt.ops.client.login;

import cn.yzt.ops.skf.SkfException;
import cn.yzt.ops.skf.SkfLibrary;
import cn.yzt.ops.skf.VendorLibraries;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The ops console: opens the UKEY login screen. Arguments: {@code [--skf-lib PATH] [en]}; without
 * {@code --skf-lib} the system property {@code yzt.skf.library}, the environment variable
 * {@code YZT_SKF_LIBRARY} and the vendor table decide ({@link VendorLibraries#detect(Path)}).
 *
 * <p>No server yet: the login runs the UKEY PIN check and then a {@link LoginGateway} that
 * refuses with a clear message (the TLCP/OkHttp gateway comes next).
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

    /** The JavaFX application proper. */
    public static final class Fx extends Application {
        private LoginViewModel vm;

        @Override
        public void start(Stage stage) {
            List<String> args = getParameters().getRaw();
            Locale locale = args.contains("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
            Messages messages = new Messages(locale);
            stage.setTitle(messages.get("app.title"));
            VendorLibraries.Detection found = VendorLibraries.detect(skfLibArgument(args));
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
            LoginGateway notYet = (ks, alias, account, password) -> {
                throw new LoginGateway.LoginException(messages.get("login.serverPending"), null);
            };
            vm = new LoginViewModel(new UkeyService(library), notYet, messages);
            stage.setScene(new Scene(new LoginView(vm), 760, 460));
            stage.show();
            vm.start();
        }

        @Override
        public void stop() {
            if (vm != null) {
                vm.close();
            }
        }
    }
}
