package cn.yzt.ops.client.shell;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** UKEY state, TLCP suite + server certificate, user, session time left, log out. Ids: statusUkey, statusTlcp, statusUser, statusSession, logoutButton. */
final class StatusBar extends HBox {
    final Label ukey = label("statusUkey");
    final Label tlcp = label("statusTlcp");
    final Label user = label("statusUser");
    final Label session = label("statusSession");
    final Button logout;

    StatusBar(ShellMessages m) {
        setSpacing(18);
        setPadding(new Insets(4, 10, 4, 10));
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-background-color: #eceff1; -fx-border-color: #cfd8dc; -fx-border-width: 1 0 0 0;");
        logout = new Button(m.get("logout"));
        logout.setId("logoutButton");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(ukey, tlcp, spacer, user, session, logout);
    }

    private static Label label(String id) {
        Label l = new Label();
        l.setId(id);
        return l;
    }
}
