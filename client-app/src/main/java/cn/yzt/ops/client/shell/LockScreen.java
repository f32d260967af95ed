package cn.yzt.ops.client.shell;

import java.nio.CharBuffer;
import java.util.function.Consumer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The overlay that covers the whole shell while the UKEY is out: nothing behind it can be
 * reached (it consumes input and takes focus). A passive view driven by {@link ConsoleShell}.
 * Node ids: lockScreen, lockStatus, lockPin, unlockButton.
 */
final class LockScreen extends VBox {
    private final Label status = new Label();
    private final PasswordField pin = new PasswordField();
    private final Button unlock;
    private final ProgressIndicator progress = new ProgressIndicator();

    LockScreen(ShellMessages m, Consumer<char[]> onUnlock) {
        setId("lockScreen");
        setAlignment(Pos.CENTER);
        setSpacing(14);
        setPadding(new Insets(40));
        setStyle("-fx-background-color: rgba(20,24,32,0.96);");
        Label title = new Label(m.get("lock.title"));
        title.setStyle("-fx-text-fill: white; -fx-font-size: 22px; -fx-font-weight: bold;");
        Label reason = new Label(m.get("lock.reason"));
        reason.setStyle("-fx-text-fill: #e0e0e0;");
        reason.setWrapText(true);
        status.setId("lockStatus");
        status.setStyle("-fx-text-fill: #ffd54f;");
        status.setWrapText(true);
        pin.setId("lockPin");
        pin.setPromptText(m.get("lock.pin"));
        pin.setMaxWidth(260);
        unlock = new Button(m.get("lock.unlock"));
        unlock.setId("unlockButton");
        unlock.setDefaultButton(true);
        progress.setPrefSize(22, 22);
        progress.setVisible(false);
        unlock.setOnAction(e -> {
            CharSequence s = pin.getCharacters();
            char[] out = new char[s.length()];
            CharBuffer.wrap(s).get(out);
            pin.clear();
            onUnlock.accept(out);
        });
        HBox row = new HBox(8, pin, unlock, progress);
        row.setAlignment(Pos.CENTER);
        getChildren().addAll(title, reason, status, row);
        // swallow every input event so nothing under the overlay can be used
        addEventFilter(javafx.scene.input.MouseEvent.ANY, e -> {
            if (!(e.getTarget() instanceof javafx.scene.Node n && isInside(n))) {
                e.consume();
            }
        });
        setPickOnBounds(true);
    }

    private boolean isInside(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (p == pin || p == unlock) {
                return true;
            }
        }
        return false;
    }

    /** state: text of the status line; canUnlock: the PIN field and button are usable. */
    void state(String text, boolean canUnlock, boolean busy) {
        status.setText(text);
        pin.setDisable(!canUnlock || busy);
        unlock.setDisable(!canUnlock || busy);
        progress.setVisible(busy);
        if (canUnlock && !busy) {
            pin.requestFocus();
        }
    }
}
