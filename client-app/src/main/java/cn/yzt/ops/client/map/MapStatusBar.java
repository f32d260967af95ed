package cn.yzt.ops.client.map;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** Cursor coordinates (degrees and Gauss-Krüger metres), status message and a busy bar. */
final class MapStatusBar extends HBox {
    MapStatusBar(MapViewModel vm) {
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-padding: 4 8 4 8;");
        Label degrees = new Label();
        degrees.setId("mapCursorDegrees");
        degrees.textProperty().bind(vm.cursorDegreesProperty());
        Label metres = new Label();
        metres.setId("mapCursorMetres");
        metres.textProperty().bind(vm.cursorMetresProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Label status = new Label();
        status.setId("mapStatus");
        status.textProperty().bind(vm.statusProperty());
        Label renderInfo = new Label();
        renderInfo.setId("mapRenderInfo");
        renderInfo.setStyle("-fx-text-fill: #666;");
        renderInfo.textProperty().bind(vm.renderInfoProperty());
        ProgressBar busy = new ProgressBar(-1);
        busy.setId("mapRenderProgress");
        busy.setPrefWidth(80);
        busy.visibleProperty().bind(vm.renderingProperty().or(vm.loadingProperty()));
        getChildren().addAll(degrees, metres, spring, status, renderInfo, busy);
    }
}
