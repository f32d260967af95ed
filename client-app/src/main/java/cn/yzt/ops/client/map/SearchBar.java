package cn.yzt.ops.client.map;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Parcel-code search and "full extent". */
final class SearchBar extends HBox {
    SearchBar(MapViewModel vm) {
        Messages m = vm.messages();
        setSpacing(6);
        setAlignment(Pos.CENTER_LEFT);
        setStyle("-fx-padding: 6;");
        TextField field = new TextField();
        field.setId("mapSearchField");
        field.setPromptText(m.get("search.prompt"));
        field.setPrefColumnCount(22);
        field.setMaxWidth(360);
        Button find = new Button(m.get("search.button"));
        find.setId("mapSearchButton");
        find.setDefaultButton(false);
        find.setOnAction(e -> vm.search(field.getText()));
        field.setOnAction(e -> vm.search(field.getText()));
        Button full = new Button(m.get("search.fullExtent"));
        full.setId("mapFullExtentButton");
        full.setOnAction(e -> vm.zoomToFullExtent());
        HBox.setHgrow(field, Priority.SOMETIMES);
        getChildren().addAll(field, find, full);
    }
}
