package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Feature;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The identify result: the picked feature's layer, id and attributes with localized names. */
final class AttributePanel extends VBox {
    private final Messages messages;
    private final GridPane grid = new GridPane();
    private final Label hint = new Label();

    AttributePanel(MapViewModel vm) {
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
        getChildren().addAll(title, hint, scroll);
        vm.selectionProperty().addListener((o, a, b) -> show(b));
        show(null);
    }

    private void show(Identified sel) {
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
