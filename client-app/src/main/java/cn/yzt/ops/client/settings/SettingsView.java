package cn.yzt.ops.client.settings;

import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The settings / first-run screen; binds to a {@link SettingsViewModel}. Tab order follows the
 * form top to bottom (each field, then its browse button); every field has a mnemonic (Alt+letter)
 * on its label; Enter saves, Esc cancels (outside the first run). Node ids are used by the tests.
 */
public final class SettingsView extends BorderPane {

    private final SettingsViewModel vm;
    private final Messages m;

    public SettingsView(SettingsViewModel vm) {
        this.vm = vm;
        this.m = vm.messages();
        setPadding(new Insets(16));

        Label title = new Label(m.get("settings.title"));
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label firstRun = new Label(m.get("settings.firstRun"));
        firstRun.setId("firstRunLabel");
        firstRun.setWrapText(true);
        firstRun.setStyle("-fx-background-color: #fff4ce; -fx-padding: 6;");
        firstRun.visibleProperty().bind(vm.firstRunProperty());
        firstRun.managedProperty().bind(vm.firstRunProperty());
        VBox top = new VBox(8, title, firstRun);
        setTop(top);
        BorderPane.setMargin(top, new Insets(0, 0, 12, 0));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(4);
        int row = 0;

        TextField server = field("serverField", SettingKey.SERVER, "settings.server.prompt");
        row = addField(form, row, "settings.server", server, null, SettingKey.SERVER);
        TextField serverName = field("serverNameField", SettingKey.SERVER_NAME, "settings.serverName.prompt");
        row = addField(form, row, "settings.serverName", serverName, null, SettingKey.SERVER_NAME);

        TextField trust = field("trustField", SettingKey.TRUST, null);
        Button trustBrowse = browse("trustBrowse", trust, "settings.fileChooser.pem", "*.pem", "*.crt", "*.cer");
        row = addField(form, row, "settings.trust", trust, trustBrowse, SettingKey.TRUST);

        ListView<TrustAnchor> anchors = new ListView<>(vm.anchors());
        anchors.setId("anchorList");
        anchors.setPrefHeight(120);
        anchors.setFocusTraversable(false);
        anchors.setPlaceholder(new Label(m.get("settings.anchors.none")));
        anchors.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TrustAnchor a, boolean empty) {
                super.updateItem(a, empty);
                setText(empty || a == null ? null : vm.describe(a));
                setWrapText(true);
            }
        });
        form.add(new Label(m.get("settings.anchors")), 0, row);
        form.add(anchors, 1, row++, 2, 1);

        TextField ledgerKey = field("ledgerKeyField", SettingKey.LEDGER_KEY, "settings.ledgerKey.prompt");
        Button ledgerKeyBrowse = browse("ledgerKeyBrowse", ledgerKey, "settings.fileChooser.key", "*.pem", "*.crt", "*.der");
        row = addField(form, row, "settings.ledgerKey", ledgerKey, ledgerKeyBrowse, SettingKey.LEDGER_KEY);
        Label keyFingerprint = new Label();
        keyFingerprint.setId("ledgerKeyFingerprint");
        keyFingerprint.textProperty().bind(vm.ledgerKeyFingerprintProperty());
        form.add(keyFingerprint, 1, row++, 2, 1);

        TextField crl = field("crlField", SettingKey.CRL, "settings.crl.prompt");
        Button crlBrowse = browse("crlBrowse", crl, "settings.fileChooser.crl", "*.crl", "*.pem");
        row = addField(form, row, "settings.crl", crl, crlBrowse, SettingKey.CRL);

        TextField skf = field("skfField", SettingKey.SKF_LIBRARY, "settings.skf.prompt");
        Button skfBrowse = browse("skfBrowse", skf, "settings.fileChooser.lib", "*.so", "*.so.*", "*.dll");
        Button detect = new Button(m.get("settings.skf.detect"));
        detect.setId("detectButton");
        detect.setOnAction(e -> vm.check());
        row = addField(form, row, "settings.skf", skf, new HBox(4, skfBrowse, detect), SettingKey.SKF_LIBRARY);

        TextArea detection = new TextArea();
        detection.setId("detectionArea");
        detection.setEditable(false);
        detection.setFocusTraversable(false);
        detection.setPrefRowCount(4);
        detection.textProperty().bind(vm.detectionProperty());
        form.add(new Label(m.get("settings.skf.detection")), 0, row);
        form.add(detection, 1, row++, 2, 1);

        ComboBox<String> lang = new ComboBox<>();
        lang.setId("langChoice");
        lang.getItems().setAll("zh", "en");
        lang.setConverter(new StringConverter<>() {
            @Override
            public String toString(String code) {
                return code == null ? "" : m.get("settings.lang." + code);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        lang.valueProperty().bindBidirectional(vm.field(SettingKey.LANG));
        Label langNote = new Label(m.get("settings.lang.restart"));
        langNote.setStyle("-fx-text-fill: #555;");
        HBox langBox = new HBox(8, lang, langNote);
        langBox.setAlignment(Pos.CENTER_LEFT);
        Label langLabel = mnemonicLabel("settings.lang", lang);
        form.add(langLabel, 0, row);
        form.add(langBox, 1, row++, 2, 1);
        row = addMessages(form, row, SettingKey.LANG);

        form.getColumnConstraints().addAll(new javafx.scene.layout.ColumnConstraints(),
                growing(), new javafx.scene.layout.ColumnConstraints());
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        scroll.setFocusTraversable(false);
        setCenter(scroll);

        Button check = new Button(m.get("settings.check"));
        check.setId("checkButton");
        check.setOnAction(e -> vm.check());
        Button save = new Button(m.get("settings.save"));
        save.setId("saveButton");
        save.setDefaultButton(true);
        save.setOnAction(e -> vm.save());
        Button cancel = new Button(m.get("settings.cancel"));
        cancel.setId("cancelButton");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.firstRunProperty().not().and(vm.onCancelProperty().isNotNull()));
        cancel.managedProperty().bind(cancel.visibleProperty());
        check.disableProperty().bind(vm.busyProperty());
        save.disableProperty().bind(vm.busyProperty());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("settingsProgress");
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        Label message = new Label();
        message.setId("settingsMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        HBox actions = new HBox(8, save, check, cancel, progress, message);
        actions.setAlignment(Pos.CENTER_LEFT);
        setBottom(actions);
        BorderPane.setMargin(actions, new Insets(12, 0, 0, 0));
    }

    private TextField field(String id, SettingKey key, String promptKey) {
        TextField f = new TextField();
        f.setId(id);
        if (promptKey != null) {
            f.setPromptText(m.get(promptKey));
        }
        f.textProperty().bindBidirectional(vm.field(key));
        if (key == SettingKey.TRUST || key == SettingKey.CRL || key == SettingKey.SKF_LIBRARY
                || key == SettingKey.LEDGER_KEY) {
            // re-read anchors / re-detect when the user leaves a file field
            f.focusedProperty().addListener((o, was, now) -> {
                if (!now && !vm.busyProperty().get()) {
                    vm.check();
                }
            });
        }
        return f;
    }

    private int addField(GridPane form, int row, String labelKey, TextField field, Node extra, SettingKey key) {
        form.add(mnemonicLabel(labelKey, field), 0, row);
        form.add(field, 1, row);
        if (extra != null) {
            form.add(extra, 2, row);
        }
        GridPane.setHgrow(field, Priority.ALWAYS);
        return addMessages(form, row + 1, key);
    }

    /** The red problem and the grey note (override / system default) under a field. */
    private int addMessages(GridPane form, int row, SettingKey key) {
        Label error = new Label();
        error.setId(key.fileKey().replace(".", "") + "Error");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #b00020;");
        error.textProperty().bind(vm.errorProperty(key));
        Label note = new Label();
        note.setId(key.fileKey().replace(".", "") + "Note");
        note.setWrapText(true);
        note.setStyle("-fx-text-fill: #555;");
        note.textProperty().bind(vm.noteProperty(key));
        VBox box = new VBox(2, error, note);
        box.visibleProperty().bind(Bindings.isNotEmpty(error.textProperty()).or(Bindings.isNotEmpty(note.textProperty())));
        box.managedProperty().bind(box.visibleProperty());
        form.add(box, 1, row, 2, 1);
        return row + 1;
    }

    private Label mnemonicLabel(String key, Node target) {
        Label l = new Label(m.get(key));
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }

    private Button browse(String id, TextField target, String descriptionKey, String... patterns) {
        Button b = new Button(m.get("settings.browse"));
        b.setId(id);
        b.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get(descriptionKey), patterns));
            try {
                File parent = Path.of(target.getText().trim()).toAbsolutePath().getParent().toFile();
                if (!target.getText().isBlank() && parent.isDirectory()) {
                    fc.setInitialDirectory(parent);
                }
            } catch (RuntimeException ignored) {
                // a half-typed path: start in the default directory
            }
            File chosen = fc.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (chosen != null) {
                target.setText(chosen.getAbsolutePath());
                vm.check();
            }
        });
        return b;
    }

    private static javafx.scene.layout.ColumnConstraints growing() {
        javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        return c;
    }
}
