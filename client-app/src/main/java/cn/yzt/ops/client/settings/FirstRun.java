package cn.yzt.ops.client.settings;

import java.util.Locale;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The first run: no layer of the configuration names a server, so the settings screen comes
 * before the login. After a successful save {@code then} runs (the app reloads its configuration
 * and goes on to the login screen).
 */
public final class FirstRun {
    private FirstRun() {
    }

    /** Whether the settings screen must come first (blocking file reads; cheap, fine at start-up). */
    public static boolean needed(SettingsStore store) {
        try {
            return store.firstRun();
        } catch (java.io.IOException e) {
            return true; // an unreadable user file: let the person write a good one
        }
    }

    /** Shows the settings screen for this user's files in {@code stage}. FX thread. */
    public static SettingsViewModel show(Stage stage, Locale locale, Runnable then) {
        return show(stage, SettingsStore.current(), locale, then);
    }

    /** The same over {@code store} (tests, portable installs). */
    public static SettingsViewModel show(Stage stage, SettingsStore store, Locale locale, Runnable then) {
        SettingsViewModel vm = new SettingsViewModel(store, SettingsValidator.standard(), new Messages(locale));
        vm.onSavedProperty().set(() -> {
            vm.close();
            then.run();
        });
        SettingsView view = new SettingsView(vm);
        if (stage.getScene() == null) {
            stage.setScene(new Scene(view, 900, 720));
        } else {
            stage.getScene().setRoot(view);
        }
        vm.load();
        stage.show();
        return vm;
    }
}
