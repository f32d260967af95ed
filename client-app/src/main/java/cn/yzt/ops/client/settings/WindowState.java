package cn.yzt.ops.client.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The main window's size, position and maximized flag, remembered in the state directory
 * ({@code window.properties}). A saved position that lies on no current screen (a monitor was
 * unplugged) is dropped and the window is centred instead, so it never opens out of sight.
 */
public record WindowState(double x, double y, double width, double height, boolean maximized) {

    private static final double MIN = 200;

    /** The saved state, empty when none or unreadable (a broken file is not worth an error dialog). */
    public static Optional<WindowState> load(Path file) {
        try {
            Properties p = SettingsStore.read(file);
            if (p.isEmpty()) {
                return Optional.empty();
            }
            WindowState s = new WindowState(num(p, "x"), num(p, "y"), num(p, "width"), num(p, "height"),
                    Boolean.parseBoolean(p.getProperty("maximized")));
            return s.width >= MIN && s.height >= MIN ? Optional.of(s) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("x", Double.toString(x));
        p.setProperty("y", Double.toString(y));
        p.setProperty("width", Double.toString(width));
        p.setProperty("height", Double.toString(height));
        p.setProperty("maximized", Boolean.toString(maximized));
        SettingsStore.writeAtomically(file, p, "YZT ops console - window state");
    }

    /** The state of a showing stage; while maximized the last normal bounds are kept. */
    public static WindowState of(Stage stage, WindowState lastNormal) {
        if (stage.isMaximized() && lastNormal != null) {
            return new WindowState(lastNormal.x, lastNormal.y, lastNormal.width, lastNormal.height, true);
        }
        return new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
    }

    /** Sets the stage's bounds (before it is shown). FX thread. */
    public void applyTo(Stage stage) {
        // A size saved on a bigger monitor must not open beyond this one (seen: a 1400x900 state on a
        // 1280x800 screen); shrink to the visual bounds of the screen the window lands on.
        java.util.List<Screen> on = Screen.getScreensForRectangle(new Rectangle2D(x, y, width, height));
        Rectangle2D bounds = (on.isEmpty() ? Screen.getPrimary() : on.get(0)).getVisualBounds();
        stage.setWidth(Math.min(width, bounds.getWidth()));
        stage.setHeight(Math.min(height, bounds.getHeight()));
        boolean visible = !on.isEmpty();
        if (visible) {
            stage.setX(x);
            stage.setY(y);
        } else {
            stage.centerOnScreen();
        }
        stage.setMaximized(maximized);
    }

    /**
     * Restores the saved state onto {@code stage} and saves it again when the stage is hidden.
     * FX thread; the small write on close is the one blocking I/O allowed there (the app is ending).
     */
    public static void remember(Stage stage, Path file) {
        if (stage.getProperties().putIfAbsent(WindowState.class, file) != null) {
            return; // already remembered (the app may pass here again after the first-run screen)
        }
        load(file).ifPresent(s -> s.applyTo(stage));
        WindowState[] normal = {null};
        Runnable track = () -> {
            if (!stage.isMaximized() && !stage.isIconified()) {
                normal[0] = new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false);
            }
        };
        stage.xProperty().addListener(o -> track.run());
        stage.yProperty().addListener(o -> track.run());
        stage.widthProperty().addListener(o -> track.run());
        stage.heightProperty().addListener(o -> track.run());
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
            try {
                of(stage, normal[0]).save(file);
            } catch (IOException ex) {
                System.getLogger(WindowState.class.getName()).log(System.Logger.Level.WARNING,
                        "window state not saved: " + ex.getMessage());
            }
        });
    }

    private static double num(Properties p, String k) {
        return Double.parseDouble(p.getProperty(k));
    }
}
