package cn.yzt.ops.client.map;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The layer tree: topmost layer first, a check box for visibility and a slider for opacity; with
 * the host's {@link MapActions}, a context menu to publish the layer.
 */
final class LayerTreeView extends TreeView<LayerState> {
    LayerTreeView(MapViewModel vm) {
        setId("mapLayerTree");
        TreeItem<LayerState> root = new TreeItem<>(null);
        root.setExpanded(true);
        setRoot(root);
        setShowRoot(true);
        setPrefWidth(330);
        setCellFactory(t -> new LayerCell(vm));
        vm.layers().addListener((ListChangeListener<LayerState>) c -> {
            root.getChildren().clear();
            for (int i = vm.layers().size() - 1; i >= 0; i--) root.getChildren().add(new TreeItem<>(vm.layers().get(i)));
        });
    }

    private static final class LayerCell extends TreeCell<LayerState> {
        private final Messages messages;
        private final ContextMenu menu = new ContextMenu();
        private final CheckBox visible = new CheckBox();
        private final Slider opacity = new Slider(0, 1, 1);
        private final HBox box = new HBox(6, visible, opacity);
        private LayerState bound;

        LayerCell(MapViewModel vm) {
            this.messages = vm.messages();
            MenuItem publish = new MenuItem(messages.get("action.publish.menu"));
            publish.setId("layerPublish");
            publish.setOnAction(e -> vm.publishLayer(getItem()));
            menu.getItems().add(publish);
            // the menu exists only with the host's actions (not in the standalone map)
            contextMenuProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                    () -> vm.actionsProperty().get() != null && getItem() != null && !isEmpty() ? menu : null,
                    vm.actionsProperty(), itemProperty(), emptyProperty()));
            opacity.setPrefWidth(64);
            opacity.setTooltip(new Tooltip(messages.get("layers.opacity")));
            HBox.setHgrow(visible, Priority.ALWAYS);
            visible.setMaxWidth(Double.MAX_VALUE);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(LayerState item, boolean empty) {
            super.updateItem(item, empty);
            if (bound != null) {
                visible.selectedProperty().unbindBidirectional(bound.visibleProperty());
                opacity.valueProperty().unbindBidirectional(bound.opacityProperty());
                bound = null;
            }
            if (empty) {
                setText(null);
                setGraphic(null);
            } else if (item == null) { // the root
                setText(messages.get("layers.title"));
                setGraphic(null);
            } else {
                bound = item;
                visible.setText(item.descriptor().name(messages.locale()));
                visible.setId("layerVisible-" + item.id());
                opacity.setId("layerOpacity-" + item.id());
                visible.selectedProperty().bindBidirectional(item.visibleProperty());
                opacity.valueProperty().bindBidirectional(item.opacityProperty());
                setText(null);
                setGraphic(box);
            }
        }
    }
}
