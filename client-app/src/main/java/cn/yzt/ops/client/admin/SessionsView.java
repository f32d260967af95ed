package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.Signer;
import cn.yzt.ops.protocol.api.SessionDto;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationTypes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Active sessions (GET /api/v1/sessions) with 结束会话 (Alt+T) as a signed session.revoke. Small
 * enough to keep its state here rather than in a separate view model.
 */
public final class SessionsView extends BorderPane {
    private final OpsApi api;
    private final AdminTasks tasks;
    private final TableView<SessionDto> table = new TableView<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public SessionsView(OpsApi api, Signer signer, Locale locale, Executor background) {
        this.api = api;
        Messages m = new Messages(locale);
        this.tasks = new AdminTasks(background, signer, m, message, busy);
        setPadding(new Insets(16));
        setId("sessionsScreen");
        Label title = new Label(m.get("sessions.title"));
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        setTop(title);
        BorderPane.setMargin(title, new Insets(0, 0, 8, 0));
        table.setId("sessionsTable");
        table.setPlaceholder(new Label(m.get("sessions.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(UsersView.col(m.get("col.session"), SessionDto::id, 140));
        table.getColumns().add(UsersView.col(m.get("col.username"), SessionDto::username, 100));
        table.getColumns().add(UsersView.col(m.get("col.created"), SessionDto::createdAt, 170));
        table.getColumns().add(UsersView.col(m.get("col.lastSeen"), SessionDto::lastSeenAt, 170));
        table.getColumns().add(UsersView.col(m.get("col.expires"), SessionDto::expiresAt, 170));
        setCenter(table);
        Button revoke = new Button(m.get("sessions.revoke"));
        revoke.setId("revokeSessionButton");
        revoke.disableProperty().bind(Bindings.createBooleanBinding(() -> busy.get()
                || table.getSelectionModel().getSelectedItem() == null, busy, table.getSelectionModel().selectedItemProperty()));
        revoke.setOnAction(e -> {
            SessionDto s = table.getSelectionModel().getSelectedItem();
            ObjectNode p = StrictJson.object();
            p.put("sessionId", s.id());
            tasks.sign(new OperationRequest(OperationTypes.SESSION_REVOKE, p, null), r -> refresh());
        });
        Button refresh = new Button(m.get("refresh"));
        refresh.setOnAction(e -> refresh());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(busy);
        Label msg = new Label();
        msg.setId("sessionsMessage");
        msg.setWrapText(true);
        msg.textProperty().bind(message);
        HBox actions = new HBox(8, revoke, refresh, progress);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(6, actions, msg);
        setBottom(bottom);
        BorderPane.setMargin(bottom, new Insets(12, 0, 0, 0));
    }

    public void refresh() {
        tasks.read(api::sessions, list -> table.getItems().setAll(list));
    }
}
