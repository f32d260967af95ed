package cn.yzt.ops.client.login;

import java.nio.CharBuffer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The UKEY login screen; binds to a {@link LoginViewModel}. Node ids are used by the tests. */
public final class LoginView extends BorderPane {

    public LoginView(LoginViewModel vm) {
        Messages m = vm.messages();
        setPadding(new Insets(16));

        Label title = new Label(m.get("login.title"));
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        setTop(title);
        BorderPane.setMargin(title, new Insets(0, 0, 12, 0));

        ListView<String> deviceList = new ListView<>(vm.devices());
        deviceList.setId("deviceList");
        deviceList.setPrefSize(220, 260);
        deviceList.setPlaceholder(new Label(m.get("ukey.none")));
        vm.selectedDeviceProperty().addListener((o, was, now) -> {
            if (now == null) {
                deviceList.getSelectionModel().clearSelection();
            } else if (!now.equals(deviceList.getSelectionModel().getSelectedItem())) {
                deviceList.getSelectionModel().select(now);
            }
        });
        deviceList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && !now.equals(vm.selectedDeviceProperty().get())) {
                vm.selectedDeviceProperty().set(now);
            }
        });
        Label devicesLabel = new Label(m.get("ukey.list"));
        BorderPane left = new BorderPane(deviceList, devicesLabel, null, null, null);
        BorderPane.setMargin(deviceList, new Insets(4, 0, 0, 0));
        setLeft(left);
        BorderPane.setMargin(left, new Insets(0, 16, 0, 0));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        int row = 0;

        ComboBox<CertificateInfo> containerChoice = new ComboBox<>(vm.containers());
        containerChoice.setId("containerChoice");
        containerChoice.valueProperty().bindBidirectional(vm.selectedContainerProperty());
        Label containerLabel = new Label(m.get("cert.container"));
        containerChoice.visibleProperty().bind(Bindings.size(vm.containers()).greaterThan(1));
        containerChoice.managedProperty().bind(containerChoice.visibleProperty());
        containerLabel.visibleProperty().bind(containerChoice.visibleProperty());
        containerLabel.managedProperty().bind(containerChoice.visibleProperty());
        form.addRow(row++, containerLabel, containerChoice);

        form.addRow(row++, new Label(m.get("cert.subject")), bound("subjectLabel", vm.subjectProperty()));
        form.addRow(row++, new Label(m.get("cert.issuer")), bound("issuerLabel", vm.issuerProperty()));
        form.addRow(row++, new Label(m.get("cert.validityLabel")), bound("validityLabel", vm.validityProperty()));

        PasswordField pin = new PasswordField();
        pin.setId("pinField");
        pin.setPromptText(m.get("pin.prompt"));
        form.addRow(row++, new Label(m.get("pin.label")), pin);
        form.addRow(row++, new Label(), bound("pinStatusLabel", vm.pinStatusProperty()));

        TextField account = new TextField();
        account.setId("accountField");
        account.textProperty().bindBidirectional(vm.accountProperty());
        form.addRow(row++, new Label(m.get("account.label")), account);

        PasswordField password = new PasswordField();
        password.setId("passwordField");
        form.addRow(row++, new Label(m.get("password.label")), password);

        Button login = new Button(m.get("login.button"));
        login.setId("loginButton");
        login.setDefaultButton(true);
        login.disableProperty().bind(vm.canLoginBinding().not());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("progress");
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        HBox actions = new HBox(8, login, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        form.addRow(row++, new Label(), actions);

        Label message = bound("messageLabel", vm.messageProperty());
        message.setWrapText(true);
        message.setStyle("-fx-text-fill: #b00020;");
        form.add(message, 0, row, 2, 1);
        GridPane.setHgrow(account, Priority.ALWAYS);
        setCenter(form);

        login.setOnAction(e -> {
            char[] p = toChars(pin);
            char[] pw = toChars(password);
            pin.clear();
            password.clear();
            vm.login(p, pw);
        });
    }

    private static Label bound(String id, javafx.beans.value.ObservableValue<String> value) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(value);
        return l;
    }

    /** The field's characters as a fresh array (the caller wipes it); the String in the field is cleared next. */
    private static char[] toChars(PasswordField f) {
        CharSequence s = f.getCharacters();
        char[] out = new char[s.length()];
        CharBuffer.wrap(s).get(out);
        return out;
    }
}
