package cn.yzt.ops.client.admin;

import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Modality;
import javafx.stage.Window;

/**
 * Shows a secret the server returned once (a one-time password, revealed personal data): read-only
 * and selectable, with a copy button for the password. Never logged; the dialog's fields are cleared
 * when it closes so the text does not outlive it in the scene graph.
 */
final class OneTimeDialog {
    private OneTimeDialog() {
    }

    static Alert show(Window owner, Messages m, UsersViewModel.OneTimeResult r) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, "", ButtonType.CLOSE);
        if (r.password() != null) {
            TextField pw = new TextField(r.password());
            pw.setId("oneTimePasswordField");
            pw.setEditable(false);
            pw.setPrefColumnCount(24);
            Button copy = new Button(m.get("onetime.copy"));
            copy.setId("oneTimeCopy");
            copy.setOnAction(e -> {
                ClipboardContent c = new ClipboardContent();
                c.putString(pw.getText());
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            });
            HBox box = new HBox(8, pw, copy);
            HBox.setHgrow(pw, Priority.ALWAYS);
            a.setTitle(m.get("onetime.title"));
            a.setHeaderText(m.get("onetime.header", r.username()));
            a.getDialogPane().setContent(box);
            a.setOnHidden(e -> pw.clear());
        } else {
            TextArea text = new TextArea(r.revealed());
            text.setId("revealedText");
            text.setEditable(false);
            text.setWrapText(true);
            a.setTitle(m.get("reveal.title"));
            a.setHeaderText(m.get("reveal.header", r.username()));
            a.getDialogPane().setContent(text);
            a.setOnHidden(e -> text.clear());
        }
        if (owner != null) {
            a.initOwner(owner);
        }
        a.initModality(Modality.WINDOW_MODAL);
        a.show();
        return a;
    }
}
