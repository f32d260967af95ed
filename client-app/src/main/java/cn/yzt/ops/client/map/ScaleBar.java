package cn.yzt.ops.client.map;

import java.text.NumberFormat;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A scale bar (nice round length) and the scale 1:N, from the view model's metres per pixel. */
final class ScaleBar extends VBox {
    static final double MAX_BAR_PX = 140;

    private final Region bar = new Region();
    private final Label length = new Label();
    private final Label scale = new Label();

    ScaleBar(MapViewModel vm) {
        setId("mapScaleBar");
        setMouseTransparent(true);
        setSpacing(2);
        setStyle("-fx-background-color: rgba(255,255,255,0.8); -fx-padding: 4 6 4 6;");
        bar.setStyle("-fx-border-color: #333; -fx-border-width: 0 2 2 2;");
        bar.setPrefHeight(6);
        bar.setMinHeight(6);
        scale.setId("mapScaleLabel");
        getChildren().addAll(length, bar, scale);
        setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        vm.metresPerPixelProperty().addListener((o, a, b) -> update(vm, b.doubleValue()));
    }

    private void update(MapViewModel vm, double metresPerPixel) {
        if (!(metresPerPixel > 0)) return;
        Messages m = vm.messages();
        double metres = ScaleBarMath.niceLength(metresPerPixel, MAX_BAR_PX);
        double px = metres / metresPerPixel;
        bar.setPrefWidth(px);
        bar.setMinWidth(px);
        bar.setMaxWidth(px);
        NumberFormat nf = NumberFormat.getIntegerInstance(m.locale());
        length.setText(metres >= 1000 ? m.get("scale.kilometres", nf.format(metres / 1000)) : m.get("scale.metres", nf.format(metres)));
        scale.setText(m.get("scale.label", nf.format(Math.round(ScaleBarMath.scaleDenominator(metresPerPixel)))));
    }
}
