package cn.yzt.ops.client.admin;

import cn.yzt.ops.protocol.api.UserDto;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * 角色权限: the user × role matrix, the chosen role's permissions, holders and conflicting roles,
 * and grant (Alt+G) / revoke (Alt+K). A conflicting choice shows the rule in red at once.
 */
public final class RolesView extends BorderPane {

    public RolesView(RolesViewModel vm) {
        Messages m = vm.messages();
        setPadding(new Insets(16));
        setId("rolesScreen");
        TableView<UserDto> table = new TableView<>(vm.users());
        table.setId("rolesTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(UsersView.col(m.get("col.username"), UserDto::username, 110));
        for (String r : SodRules.ROLES) {
            table.getColumns().add(UsersView.col(m.getOrDefault("role." + r, r), u -> u.roles().contains(r) ? "✓" : "", 80));
        }
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedUserProperty().set(now));
        setCenter(table);

        ComboBox<String> role = new ComboBox<>();
        role.setId("roleChoice");
        role.getItems().setAll(SodRules.ROLES);
        role.setConverter(new StringConverter<>() {
            @Override
            public String toString(String r) {
                return r == null ? "" : m.role(r);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        role.valueProperty().bindBidirectional(vm.selectedRoleProperty());
        Label roleLabel = new Label(m.get("roles.role"));
        roleLabel.setMnemonicParsing(true);
        roleLabel.setLabelFor(role);
        Button grant = new Button(m.get("roles.grant"));
        grant.setId("grantButton");
        grant.setOnAction(e -> vm.grant());
        Button revoke = new Button(m.get("roles.revoke"));
        revoke.setId("revokeButton");
        revoke.setOnAction(e -> vm.revoke());
        var none = Bindings.createBooleanBinding(() -> vm.busyProperty().get() || vm.selectedUserProperty().get() == null,
                vm.busyProperty(), vm.selectedUserProperty());
        grant.disableProperty().bind(none);
        revoke.disableProperty().bind(none);
        Button refresh = new Button(m.get("refresh"));
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        HBox actions = new HBox(8, roleLabel, role, grant, revoke, refresh, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label sod = new Label();
        sod.setId("sodLabel");
        sod.setWrapText(true);
        sod.setStyle("-fx-text-fill: #b00020; -fx-font-weight: bold;");
        sod.textProperty().bind(vm.sodProperty());
        TextArea roleInfo = new TextArea();
        roleInfo.setId("roleInfo");
        roleInfo.setEditable(false);
        roleInfo.setWrapText(true);
        roleInfo.setFocusTraversable(false);
        roleInfo.setPrefRowCount(5);
        roleInfo.textProperty().bind(Bindings.createStringBinding(() -> vm.describeRole(vm.selectedRoleProperty().get()),
                vm.selectedRoleProperty(), vm.users()));
        Label message = new Label();
        message.setId("rolesMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        VBox bottom = new VBox(8, actions, sod, roleInfo, message);
        setBottom(bottom);
        BorderPane.setMargin(bottom, new Insets(12, 0, 0, 0));
    }
}
