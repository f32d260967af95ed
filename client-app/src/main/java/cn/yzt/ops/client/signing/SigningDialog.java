package cn.yzt.ops.client.signing;

import java.nio.CharBuffer;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The what-you-see-is-what-you-sign window: headline, who/what/which object rows, the SM3 digest
 * of the exact bytes, canonical JSON on demand, PIN only when the token asks for it, progress and
 * the outcome. A passive view: {@link DialogSigner} drives it. FX thread only. Node ids for tests:
 * signHeadline, signRows, signDigest, signJsonToggle, signJson, signPin, signButton, signCancel,
 * signClose, signStatus.
 */
final class SigningDialog {
    private final Stage stage = new Stage();
    private final SigningText text;
    private final Label headline = new Label();
    private final GridPane rows = new GridPane();
    private final Label digest = new Label();
    private final TextArea json = new TextArea();
    private final ToggleButton jsonToggle;
    private final PasswordField pin = new PasswordField();
    private final Label pinLabel;
    private final Button sign;
    private final Button cancel;
    private final Button close;
    private final Label status = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private Runnable onCancel = () -> { };

    SigningDialog(Window owner, SigningText text) {
        this.text = text;
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        stage.setTitle(text.get("dialog.title"));
        Label intro = new Label(text.get("dialog.intro"));
        intro.setWrapText(true);
        headline.setId("signHeadline");
        headline.setWrapText(true);
        headline.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        rows.setId("signRows");
        rows.setHgap(10);
        rows.setVgap(6);
        digest.setId("signDigest");
        digest.setStyle("-fx-font-family: monospace;");
        digest.setWrapText(true);
        json.setId("signJson");
        json.setEditable(false);
        json.setWrapText(true);
        json.setPrefRowCount(6);
        json.setVisible(false);
        json.setManaged(false);
        jsonToggle = new ToggleButton(text.get("json.show"));
        jsonToggle.setId("signJsonToggle");
        jsonToggle.selectedProperty().addListener((o, was, now) -> {
            json.setVisible(now);
            json.setManaged(now);
            jsonToggle.setText(text.get(now ? "json.hide" : "json.show"));
            stage.sizeToScene();
        });
        pin.setId("signPin");
        pinLabel = new Label(text.get("pin.label"));
        showPin(false);
        sign = new Button(text.get("button.sign"));
        sign.setId("signButton");
        sign.setDefaultButton(true);
        sign.setDisable(true);
        cancel = new Button(text.get("button.cancel"));
        cancel.setId("signCancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> {
            stage.close();
            onCancel.run();
        });
        close = new Button(text.get("button.close"));
        close.setId("signClose");
        close.setVisible(false);
        close.setManaged(false);
        close.setOnAction(e -> stage.close());
        stage.setOnCloseRequest(e -> onCancel.run());
        status.setId("signStatus");
        status.setWrapText(true);
        progress.setPrefSize(22, 22);
        progress.setVisible(false);

        HBox pinBox = new HBox(8, pinLabel, pin);
        pinBox.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = new HBox(8, progress, sign, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, intro, headline, rows, new Label(text.get("digest.label")), digest, jsonToggle, json,
                pinBox, status, buttons);
        VBox.setVgrow(json, Priority.SOMETIMES);
        root.setPadding(new Insets(16));
        root.setPrefWidth(640);
        stage.setScene(new Scene(root));
    }

    void onCancel(Runnable r) {
        onCancel = r;
    }

    void onSign(Runnable r) {
        sign.setOnAction(e -> r.run());
    }

    void preparing() {
        busy(text.get("progress.preparing"));
        stage.show();
    }

    void show(PreparedSignature p) {
        headline.setText(p.headline());
        rows.getChildren().clear();
        int i = 0;
        for (PreparedSignature.Row r : p.rows()) {
            Label l = new Label(r.label());
            Label v = new Label(r.value());
            v.setWrapText(true);
            rows.addRow(i++, l, v);
        }
        digest.setText(p.sm3Grouped());
        json.setText(SigningService.canonicalText(p));
        idle("");
        sign.setDisable(false);
        stage.sizeToScene();
        if (!stage.isShowing()) {
            stage.show();
        }
        sign.requestFocus();
    }

    void busy(String message) {
        progress.setVisible(true);
        sign.setDisable(true);
        status.setStyle("");
        status.setText(message);
    }

    void idle(String message) {
        progress.setVisible(false);
        status.setText(message);
    }

    /** The token wants the PIN: show the field, let the person sign again. */
    void askPin() {
        showPin(true);
        idle(text.get("pin.required"));
        status.setStyle("-fx-text-fill: #b00020;");
        sign.setDisable(false);
        pin.requestFocus();
    }

    boolean pinShown() {
        return pin.isVisible();
    }

    /** The PIN typed (a fresh array the caller wipes); the field is cleared. */
    char[] takePin() {
        CharSequence s = pin.getCharacters();
        char[] out = new char[s.length()];
        CharBuffer.wrap(s).get(out);
        pin.clear();
        return out;
    }

    void done(String message) {
        progress.setVisible(false);
        status.setStyle("-fx-text-fill: #1b5e20; -fx-font-weight: bold;");
        status.setText(message);
        finish();
    }

    void failed(String message) {
        progress.setVisible(false);
        status.setStyle("-fx-text-fill: #b00020;");
        status.setText(message);
        finish();
    }

    private void finish() {
        sign.setVisible(false);
        sign.setManaged(false);
        cancel.setVisible(false);
        cancel.setManaged(false);
        close.setVisible(true);
        close.setManaged(true);
        close.setDefaultButton(true);
        stage.setOnCloseRequest(null);
        onCancel = () -> { };
        close.requestFocus();
    }

    void closeWindow() {
        stage.close();
    }

    private void showPin(boolean v) {
        pin.setVisible(v);
        pin.setManaged(v);
        pinLabel.setVisible(v);
        pinLabel.setManaged(v);
    }
}
