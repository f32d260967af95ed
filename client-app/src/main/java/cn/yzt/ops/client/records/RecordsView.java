package cn.yzt.ops.client.records;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * 签名记录: the table of stored receipts with their offline check, details of the selected one,
 * and the evidence export. Keyboard: the table takes focus first (arrow keys select), then
 * 重新校验 (Alt+R) and 导出证据包 (Alt+E). Node ids are used by the tests.
 */
public final class RecordsView extends BorderPane {

    /** Shows a save dialog; the tests replace it. */
    private final Function<RecordRow, Path> chooser;

    public RecordsView(RecordsViewModel vm) {
        this(vm, null);
    }

    /** @param chooser where to save an export (null = a FileChooser save dialog) */
    public RecordsView(RecordsViewModel vm, Function<RecordRow, Path> chooser) {
        Messages m = vm.messages();
        this.chooser = chooser != null ? chooser : row -> showSaveDialog(m, row);
        setPadding(new Insets(16));

        Label title = new Label(m.get("records.title"));
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label summary = new Label();
        summary.setId("summaryLabel");
        summary.textProperty().bind(vm.summaryProperty());
        HBox top = new HBox(16, title, summary);
        top.setAlignment(Pos.BASELINE_LEFT);
        setTop(top);
        BorderPane.setMargin(top, new Insets(0, 0, 12, 0));

        TableView<RecordRow> table = new TableView<>(vm.rows());
        table.setId("recordsTable");
        table.setPlaceholder(new Label(m.get("records.empty")));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        table.getColumns().add(column(m.get("col.time"), r -> vm.time(r), 150));
        table.getColumns().add(column(m.get("col.type"), r -> r.receipt() == null ? r.file().getFileName().toString()
                : r.receipt().type(), 140));
        table.getColumns().add(column(m.get("col.description"), r -> r.receipt() == null ? "" : r.receipt().description(), 300));
        table.getColumns().add(column(m.get("col.index"), r -> r.receipt() == null ? ""
                : Long.toString(r.receipt().receipt().leafIndex()), 80));
        TableColumn<RecordRow, RecordRow> status = new TableColumn<>(m.get("col.status"));
        status.setPrefWidth(220);
        status.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new TableCell<>() {
            private RecordRow shown;
            private final javafx.beans.InvalidationListener refresh = o -> paint();

            @Override
            protected void updateItem(RecordRow row, boolean empty) {
                super.updateItem(row, empty);
                if (shown != null) {
                    shown.outcomeProperty().removeListener(refresh);
                }
                shown = empty ? null : row;
                if (shown != null) {
                    shown.outcomeProperty().addListener(refresh);
                }
                paint();
            }

            private void paint() {
                if (shown == null) {
                    setText(null);
                    setStyle("");
                    return;
                }
                ReceiptCheck.Outcome o = shown.outcome();
                setText(vm.status(o));
                boolean bad = o != null && (o.state() == ReceiptCheck.State.FAILED || o.state() == ReceiptCheck.State.UNREADABLE);
                setStyle(bad ? "-fx-text-fill: #b00020; -fx-font-weight: bold;"
                        : o != null && o.state() == ReceiptCheck.State.VERIFIED ? "-fx-text-fill: #1b5e20;" : "");
            }
        });
        table.getColumns().add(status);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));

        TextArea details = new TextArea();
        details.setId("detailsArea");
        details.setEditable(false);
        details.setWrapText(true);
        details.setFocusTraversable(false);
        details.textProperty().bind(vm.detailsProperty());
        SplitPane split = new SplitPane(table, details);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);

        Button verify = new Button(m.get("records.verify"));
        verify.setId("verifyButton");
        verify.setOnAction(e -> vm.load());
        Button export = new Button(m.get("records.export"));
        export.setId("exportButton");
        export.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.busyProperty().get()
                || vm.selectedProperty().get() == null || vm.selectedProperty().get().receipt() == null,
                vm.busyProperty(), vm.selectedProperty()));
        export.setOnAction(e -> {
            RecordRow row = vm.selectedProperty().get();
            Path target = this.chooser.apply(row);
            if (target != null) {
                vm.exportEvidence(row, target);
            }
        });
        verify.disableProperty().bind(vm.busyProperty());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("recordsProgress");
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        Label message = new Label();
        message.setId("recordsMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        message.textProperty().bind(vm.messageProperty());
        HBox.setHgrow(message, Priority.ALWAYS);
        HBox actions = new HBox(8, verify, export, progress, message);
        actions.setAlignment(Pos.CENTER_LEFT);
        setBottom(actions);
        BorderPane.setMargin(actions, new Insets(12, 0, 0, 0));
    }

    private static TableColumn<RecordRow, String> column(String title, Function<RecordRow, String> value, double width) {
        TableColumn<RecordRow, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    private Path showSaveDialog(Messages m, RecordRow row) {
        FileChooser fc = new FileChooser();
        fc.setTitle(m.get("export.dialogTitle"));
        fc.setInitialFileName(RecordsViewModel.suggestedName(row));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(m.get("export.filter"), "*.json"));
        Window w = getScene() == null ? null : getScene().getWindow();
        File f = fc.showSaveDialog(w);
        return f == null ? null : f.toPath();
    }
}
