package cn.yzt.ops.client.admin;

import cn.yzt.ops.protocol.api.AuditEntryDto;
import java.io.File;
import java.util.function.Function;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * 审计日志: filters in reading order (from, to, actor, event, outcome — each with a mnemonic), 查询
 * (Enter), 导出 (Alt+X, signed), the result table. Node ids are used by the tests.
 */
public final class AuditView extends BorderPane {

    public AuditView(AuditViewModel vm) {
        this(vm, null);
    }

    /** @param chooser where to save the CSV (null = a FileChooser save dialog) */
    public AuditView(AuditViewModel vm, Function<Node, Path> chooser) {
        Messages m = vm.messages();
        setPadding(new Insets(16));
        setId("auditScreen");
        DatePicker from = new DatePicker();
        from.setId("auditFrom");
        from.valueProperty().bindBidirectional(vm.fromProperty());
        DatePicker to = new DatePicker();
        to.setId("auditTo");
        to.valueProperty().bindBidirectional(vm.toProperty());
        TextField actor = new TextField();
        actor.setId("auditActor");
        actor.setPrefColumnCount(10);
        actor.textProperty().bindBidirectional(vm.actorProperty());
        TextField event = new TextField();
        event.setId("auditEvent");
        event.setPrefColumnCount(10);
        event.setPromptText("LOGIN");
        event.textProperty().bindBidirectional(vm.eventProperty());
        ComboBox<AuditViewModel.Outcome> outcome = new ComboBox<>();
        outcome.setId("auditOutcome");
        outcome.getItems().setAll(AuditViewModel.Outcome.values());
        outcome.setConverter(new StringConverter<>() {
            @Override
            public String toString(AuditViewModel.Outcome o) {
                return o == null ? "" : m.get("outcome." + o.name());
            }

            @Override
            public AuditViewModel.Outcome fromString(String s) {
                return AuditViewModel.Outcome.valueOf(s);
            }
        });
        outcome.valueProperty().bindBidirectional(vm.outcomeProperty());
        Button search = new Button(m.get("audit.search"));
        search.setId("auditSearch");
        search.setDefaultButton(true);
        search.disableProperty().bind(vm.busyProperty());
        search.setOnAction(e -> vm.search());
        Button export = new Button(m.get("audit.export"));
        export.setId("auditExport");
        export.disableProperty().bind(vm.busyProperty());
        export.setOnAction(e -> {
            Path target = chooser != null ? chooser.apply(this) : choose(m);
            if (target != null) {
                vm.export(target);
            }
        });
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        FlowPane filters = new FlowPane(8, 6, label(m.get("audit.from"), from), from, label(m.get("audit.to"), to), to,
                label(m.get("audit.actor"), actor), actor, label(m.get("audit.event"), event), event,
                label(m.get("audit.outcome"), outcome), outcome, search, export, progress);
        filters.setAlignment(Pos.CENTER_LEFT);
        setTop(filters);
        BorderPane.setMargin(filters, new Insets(0, 0, 8, 0));

        TableView<AuditEntryDto> table = new TableView<>(vm.rows());
        table.setId("auditTable");
        table.setPlaceholder(new Label(m.get("audit.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(UsersView.col(m.get("col.at"), AuditEntryDto::at, 170));
        table.getColumns().add(UsersView.col(m.get("col.event"), AuditEntryDto::type, 130));
        table.getColumns().add(UsersView.col(m.get("col.outcome"), AuditEntryDto::outcome, 80));
        table.getColumns().add(UsersView.col(m.get("col.username"), e -> e.username() == null ? "" : e.username(), 100));
        table.getColumns().add(UsersView.col(m.get("col.reason"), e -> e.reason() == null ? "" : e.reason(), 140));
        table.getColumns().add(UsersView.col(m.get("col.detail"), e -> e.detail() == null ? "" : e.detail(), 220));
        table.getColumns().add(UsersView.col(m.get("col.remote"), e -> e.remote() == null ? "" : e.remote(), 110));
        setCenter(table);
        Label message = new Label();
        message.setId("auditMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        setBottom(message);
        BorderPane.setMargin(message, new Insets(8, 0, 0, 0));
    }

    private Path choose(Messages m) {
        FileChooser fc = new FileChooser();
        fc.setInitialFileName("audit.csv");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV (*.csv)", "*.csv"));
        File f = fc.showSaveDialog(getScene().getWindow());
        return f == null ? null : f.toPath();
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
        return l;
    }
}
