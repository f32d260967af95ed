package cn.yzt.ops.client.approvals;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * 待审批 and 我的申请. Keyboard: the table first (arrows select), then 同意 (Alt+A), 驳回 (Alt+R),
 * 显示签名文档 (Alt+D); F5 refreshes. Node ids are used by the tests.
 */
public final class ApprovalsView extends BorderPane {

    /** Where a collected audit export is saved: a save dialog (tests put a fixed path here). */
    private Function<javafx.stage.Window, java.nio.file.Path> csvTarget = ResultPresenter::chooseCsv;

    /** Where collected audit exports go instead of a save dialog (tests, scripted use). */
    public void csvTarget(Function<javafx.stage.Window, java.nio.file.Path> target) {
        this.csvTarget = target;
    }

    public ApprovalsView(ApprovalsViewModel vm) {
        Messages m = vm.messages();
        setPadding(new Insets(16));
        setId("approvalsScreen");

        TableView<RequestItem> inbox = new TableView<>(vm.inbox());
        inbox.setId("inboxTable");
        inbox.setPlaceholder(new Label(m.get("inbox.empty")));
        inbox.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        inbox.getColumns().add(column(m.get("col.requester"), RequestItem::requester, 110));
        inbox.getColumns().add(column(m.get("col.time"), i -> vm.time(i.request().createdAt()), 130));
        inbox.getColumns().add(column(m.get("col.description"), RequestItem::description, 380));
        inbox.getColumns().add(column(m.get("col.note"), i -> i.own() ? m.get("own") : "", 160));
        inbox.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.selectedProperty().set(now));
        vm.selectedProperty().addListener((o, was, now) -> {
            if (now != inbox.getSelectionModel().getSelectedItem()) {
                if (now == null) {
                    inbox.getSelectionModel().clearSelection();
                } else {
                    inbox.getSelectionModel().select(now);
                }
            }
        });

        TextArea details = new TextArea();
        details.setId("requestDetails");
        details.setEditable(false);
        details.setWrapText(true);
        details.setFocusTraversable(false);
        TextArea document = new TextArea();
        document.setId("requestDocument");
        document.setEditable(false);
        document.setWrapText(true);
        document.setFocusTraversable(false);
        ToggleButton showDocument = new ToggleButton(m.get("button.document"));
        showDocument.setId("documentToggle");
        document.visibleProperty().bind(showDocument.selectedProperty());
        document.managedProperty().bind(showDocument.selectedProperty());
        details.textProperty().bind(Bindings.createStringBinding(() -> vm.details(vm.selectedProperty().get()),
                vm.selectedProperty()));
        document.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null ? ""
                : vm.selectedProperty().get().document(), vm.selectedProperty()));

        Button approve = new Button(m.get("button.approve"));
        approve.setId("approveButton");
        approve.setOnAction(e -> vm.decide(true));
        Button reject = new Button(m.get("button.reject"));
        reject.setId("rejectButton");
        reject.setOnAction(e -> vm.decide(false));
        var notDecidable = Bindings.createBooleanBinding(() -> vm.busyProperty().get() || vm.selectedProperty().get() == null
                || !vm.selectedProperty().get().decidable(), vm.busyProperty(), vm.selectedProperty());
        approve.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.busyProperty().get()
                || vm.selectedProperty().get() == null || !vm.selectedProperty().get().approvable(),
                vm.busyProperty(), vm.selectedProperty()));
        reject.disableProperty().bind(notDecidable);
        Label ownNote = new Label(m.get("own"));
        ownNote.setId("ownNote");
        ownNote.setStyle("-fx-text-fill: #b00020; -fx-font-weight: bold;");
        ownNote.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.selectedProperty().get() != null
                && vm.selectedProperty().get().own(), vm.selectedProperty()));
        Button refresh = new Button(m.get("button.refresh"));
        refresh.setId("approvalsRefresh");
        refresh.setOnAction(e -> vm.refresh());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(24, 24);
        progress.visibleProperty().bind(vm.busyProperty());
        HBox actions = new HBox(8, approve, reject, showDocument, refresh, progress, ownNote);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox lower = new VBox(8, actions, details, document);
        VBox.setVgrow(details, Priority.ALWAYS);
        SplitPane inboxPane = new SplitPane(inbox, lower);
        inboxPane.setOrientation(javafx.geometry.Orientation.VERTICAL);
        inboxPane.setDividerPositions(0.55);

        TableView<ApprovalsViewModel.MyRequest> mine = new TableView<>(vm.mine());
        mine.setId("mineTable");
        mine.setPlaceholder(new Label(m.get("mine.empty")));
        mine.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        mine.getColumns().add(mineColumn(m.get("col.time"), r -> vm.time(r.item().request().createdAt()), 130));
        mine.getColumns().add(mineColumn(m.get("col.description"), r -> r.item().description(), 420));
        mine.getColumns().add(mineColumn(m.get("col.state"), ApprovalsViewModel.MyRequest::state, 160));

        Tab inboxTab = new Tab(m.get("tab.inbox"), inboxPane);
        inboxTab.setClosable(false);
        Button takeResult = new Button(m.get("button.takeResult"));
        takeResult.setId("takeResultButton");
        takeResult.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.busyProperty().get()
                || mine.getSelectionModel().getSelectedItem() == null
                || !mine.getSelectionModel().getSelectedItem().resultWaiting(),
                vm.busyProperty(), mine.getSelectionModel().selectedItemProperty()));
        takeResult.setOnAction(e -> vm.takeResult(mine.getSelectionModel().getSelectedItem(),
                r -> ResultPresenter.present(getScene() == null ? null : getScene().getWindow(), m, r, csvTarget,
                        vm::report)));
        VBox mineBox = new VBox(8, mine, new HBox(8, takeResult));
        VBox.setVgrow(mine, Priority.ALWAYS);
        Tab mineTab = new Tab(m.get("tab.mine"), mineBox);
        mineTab.setClosable(false);
        TabPane tabs = new TabPane(inboxTab, mineTab);
        tabs.setId("approvalTabs");
        setCenter(tabs);

        Label message = new Label();
        message.setId("approvalsMessage");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        setBottom(message);
        BorderPane.setMargin(message, new Insets(8, 0, 0, 0));

        sceneProperty().addListener((o, was, now) -> {
            if (now != null) {
                now.getAccelerators().put(new KeyCodeCombination(KeyCode.F5), vm::refresh);
            }
        });
    }

    private static TableColumn<RequestItem, String> column(String title, Function<RequestItem, String> f, double w) {
        TableColumn<RequestItem, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(f.apply(cell.getValue())));
        return c;
    }

    private static TableColumn<ApprovalsViewModel.MyRequest, String> mineColumn(String title,
            Function<ApprovalsViewModel.MyRequest, String> f, double w) {
        TableColumn<ApprovalsViewModel.MyRequest, String> c = new TableColumn<>(title);
        c.setPrefWidth(w);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(f.apply(cell.getValue())));
        return c;
    }
}
