package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.PlanningStatus;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The identify result: the picked feature's layer, id and attributes with localized names; with
 * the host's {@link MapActions}, a button to request a parcel's planning status change.
 */
final class AttributePanel extends VBox {
    private final Messages messages;
    private final GridPane grid = new GridPane();
    private final Label hint = new Label();
    private final Button changeStatus = new Button();
    private final Label actionMessage = new Label();
    private final MapViewModel vm;

    AttributePanel(MapViewModel vm) {
        this.vm = vm;
        this.messages = vm.messages();
        setId("mapAttributePanel");
        setPrefWidth(300);
        setSpacing(6);
        setStyle("-fx-padding: 8;");
        Label title = new Label(messages.get("identify.title"));
        title.setStyle("-fx-font-weight: bold;");
        hint.setWrapText(true);
        grid.setHgap(8);
        grid.setVgap(4);
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        changeStatus.setText(messages.get("action.status.button"));
        changeStatus.setId("parcelStatusButton");
        changeStatus.setOnAction(e -> askStatusChange());
        actionMessage.setId("mapActionMessage");
        actionMessage.setWrapText(true);
        actionMessage.textProperty().bind(vm.actionMessageProperty());
        // hidden (and not laid out) unless the host supplied the actions and a parcel with a status is selected
        changeStatus.managedProperty().bind(changeStatus.visibleProperty());
        actionMessage.managedProperty().bind(actionMessage.visibleProperty());
        actionMessage.visibleProperty().bind(vm.actionsProperty().isNotNull().and(vm.actionMessageProperty().isNotEmpty()));
        getChildren().addAll(title, hint, scroll, changeStatus, actionMessage);
        vm.selectionProperty().addListener((o, a, b) -> show(b));
        vm.actionsProperty().addListener((o, a, b) -> updateButton(vm.selectionProperty().get()));
        show(null);
    }

    private void updateButton(Identified sel) {
        changeStatus.setVisible(vm.actionsProperty().get() != null && currentStatus(sel).isPresent());
    }

    private static Optional<PlanningStatus> currentStatus(Identified sel) {
        if (sel == null) return Optional.empty();
        String code = sel.feature().attribute(Attributes.PARCEL_CODE);
        if (code == null || code.isBlank()) return Optional.empty();
        return ParcelStatusDialog.parse(sel.feature().attribute(Attributes.PLANNING_STATUS));
    }

    private void askStatusChange() {
        Identified sel = vm.selectionProperty().get();
        Optional<PlanningStatus> from = currentStatus(sel);
        if (from.isEmpty()) return;
        String code = sel.feature().attribute(Attributes.PARCEL_CODE);
        ParcelStatusDialog d = new ParcelStatusDialog(messages, code, from.get());
        if (getScene() != null) d.initOwner(getScene().getWindow());
        // show(), not showAndWait(): the signing dialog opens from the result handler
        d.setOnHidden(e -> {
            PlanningStatus to = d.getResult();
            if (to != null) vm.changeParcelStatus(code, from.get(), to);
        });
        d.show();
    }

    private void show(Identified sel) {
        updateButton(sel);
        grid.getChildren().clear();
        if (sel == null) {
            hint.setText(messages.get("identify.none"));
            return;
        }
        hint.setText("");
        Feature f = sel.feature();
        int row = 0;
        if (sel.layer() != null) row(row++, messages.get("identify.layer"), sel.layer().descriptor().name(messages.locale()), "layer");
        row(row++, messages.get("identify.id"), f.id(), "id");
        for (Map.Entry<String, String> e : f.attributes().entrySet()) {
            row(row++, messages.getOrDefault("attr." + e.getKey(), e.getKey()), e.getValue(), e.getKey());
        }
    }

    private void row(int row, String name, String value, String key) {
        Label n = new Label(name);
        n.getStyleClass().add("attribute-name");
        n.setMinWidth(Region.USE_PREF_SIZE); // names stay whole; long values wrap instead
        Label v = new Label(value);
        v.getStyleClass().add("attribute-value");
        v.setId("attr-" + key);
        v.setWrapText(true);
        grid.addRow(row, n, v);
    }
}
