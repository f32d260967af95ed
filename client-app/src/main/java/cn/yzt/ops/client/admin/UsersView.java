package cn.yzt.ops.client.admin;

import cn.yzt.ops.protocol.api.UserDto;
import cn.yzt.ops.protocol.operation.OperationTypes;
import java.io.File;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;

/**
 * 用户管理. Keyboard: the table first, then the action buttons in reading order, each with a
 * mnemonic (Alt+N new, Alt+V reveal, Alt+D disable, Alt+E enable, Alt+U unlock, Alt+P password,
 * Alt+B bind, Alt+X unbind); F5 refreshes. Node ids are used by the tests.
 */
public final class UsersView extends BorderPane {

    /** Where {@link #guarded} keeps a holder's missing-permission tooltip (tests read it from here). */
    static final String TOOLTIP = "yzt.missingPermission";

    public UsersView(UsersViewModel vm) {
        Messages m = vm.messages();
        setPadding(new Insets(16));
        setId("usersScreen");
        TableView<UserDto> table = new TableView<>(vm.users());
        table.setId("usersTable");
        table.setPlaceholder(new Label(m.get("users.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(col(m.get("col.username"), UserDto::username, 100));
        table.getColumns().add(col(m.get("col.displayName"), UserDto::displayName, 90));
        table.getColumns().add(col(m.get("col.status"), vm::status, 90));
        table.getColumns().add(col(m.get("col.idCard"), u -> nz(u.idCard()), 150));
        table.getColumns().add(col(m.get("col.phone"), u -> nz(u.phone()), 110));
        table.getColumns().add(col(m.get("col.email"), u -> nz(u.email()), 150));
        table.getColumns().add(col(m.get("col.roles"), vm::roles, 200));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        setCenter(table);

        BooleanBinding none = Bindings.createBooleanBinding(() -> vm.busyProperty().get()
                || vm.selectedProperty().get() == null, vm.busyProperty(), vm.selectedProperty());
        Button create = button("createUserButton", m.get("users.create"));
        create.disableProperty().bind(vm.busyProperty().or(lacks(vm, OperationTypes.USER_CREATE)));
        create.setOnAction(e -> new CreateUserDialog(getScene().getWindow(), vm).show());
        Button reveal = action("revealButton", m.get("users.reveal"), none, OperationTypes.USER_REVEAL, vm,
                () -> vm.simple(OperationTypes.USER_REVEAL));
        Button disable = action("disableButton", m.get("users.disable"), none, OperationTypes.USER_DISABLE, vm,
                () -> vm.simple(OperationTypes.USER_DISABLE));
        Button enable = action("enableButton", m.get("users.enable"), none, OperationTypes.USER_ENABLE, vm,
                () -> vm.simple(OperationTypes.USER_ENABLE));
        Button unlock = action("unlockButton", m.get("users.unlock"), none, OperationTypes.USER_UNLOCK, vm,
                () -> vm.simple(OperationTypes.USER_UNLOCK));
        Button reset = action("resetPasswordButton", m.get("users.resetPassword"), none,
                OperationTypes.USER_PASSWORD_RESET, vm,
                () -> vm.simple(OperationTypes.USER_PASSWORD_RESET));
        Button bind = action("bindButton", m.get("users.bind"), none, OperationTypes.CERT_BIND, vm, () -> {
            FileChooser fc = new FileChooser();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get("filter.certificate"), "*.pem", "*.crt", "*.cer", "*.der"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.bindCertificate(f.toPath());
            }
        });
        Button unbind = action("unbindButton", m.get("users.unbind"), none, OperationTypes.CERT_UNBIND, vm, () -> {
            TextInputDialog d = new TextInputDialog();
            d.initOwner(getScene().getWindow());
            d.setHeaderText(m.get("users.unbind.prompt"));
            d.showAndWait().map(String::trim).filter(s -> s.matches("\\d{1,15}"))
                    .ifPresent(s -> vm.unbindCertificate(Long.parseLong(s)));
        });
        Button refresh = button("usersRefresh", m.get("refresh"));
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        FlowPane actions = new FlowPane(8, 6, guarded(vm, create, OperationTypes.USER_CREATE),
                guarded(vm, reveal, OperationTypes.USER_REVEAL), guarded(vm, disable, OperationTypes.USER_DISABLE),
                guarded(vm, enable, OperationTypes.USER_ENABLE), guarded(vm, unlock, OperationTypes.USER_UNLOCK),
                guarded(vm, reset, OperationTypes.USER_PASSWORD_RESET), guarded(vm, bind, OperationTypes.CERT_BIND),
                guarded(vm, unbind, OperationTypes.CERT_UNBIND), refresh, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("usersMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        BorderPane bottom = new BorderPane(message, actions, null, null, null);
        BorderPane.setMargin(message, new Insets(6, 0, 0, 0));
        setBottom(bottom);
        BorderPane.setMargin(bottom, new Insets(12, 0, 0, 0));
        sceneProperty().addListener((o, was, now) -> {
            if (now != null) {
                now.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm::refresh);
            }
        });
        vm.oneTimeProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.oneTimeProperty().set(null); // shown once: the model keeps no copy
                OneTimeDialog.show(getScene() == null ? null : getScene().getWindow(), m, now);
            }
        });
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static BooleanBinding lacks(UsersViewModel vm, String type) {
        return Bindings.createBooleanBinding(() -> vm.missingPermission(type).isPresent(), vm.permissionsProperty());
    }

    /**
     * Disables {@code b} when the signed-in user lacks the permission for {@code type} (the server would
     * refuse it after signing) and says which one. The tooltip sits on a holder: JavaFX shows none on a
     * disabled control.
     */
    private static StackPane guarded(UsersViewModel vm, Button b, String type) {
        StackPane holder = new StackPane(b);
        holder.setId(b.getId() + "Holder");
        Runnable update = () -> {
            String why = vm.missingPermissionText(type).orElse(null);
            b.setAccessibleHelp(why);
            Tooltip old = (Tooltip) holder.getProperties().get(TOOLTIP);
            if (old != null) {
                Tooltip.uninstall(holder, old);
                holder.getProperties().remove(TOOLTIP);
            }
            if (why != null) {
                Tooltip t = new Tooltip(why);
                Tooltip.install(holder, t);
                holder.getProperties().put(TOOLTIP, t);
            }
        };
        vm.permissionsProperty().addListener((o, was, now) -> update.run());
        update.run();
        return holder;
    }

    private static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }

    private static Button action(String id, String text, BooleanBinding disabled, String type, UsersViewModel vm,
            Runnable r) {
        Button b = button(id, text);
        b.disableProperty().bind(disabled.or(lacks(vm, type)));
        b.setOnAction(e -> r.run());
        return b;
    }

    static <T> TableColumn<T, String> col(String title, Function<T, String> f, double w) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(f.apply(cell.getValue())));
        return c;
    }
}
