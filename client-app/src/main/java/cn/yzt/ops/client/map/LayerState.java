package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.LayerDescriptor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/** A loaded layer as the view sees it: visibility and opacity the user can change. */
public final class LayerState {
    private final LayerIndex index;
    private final BooleanProperty visible = new SimpleBooleanProperty(this, "visible", true);
    private final DoubleProperty opacity = new SimpleDoubleProperty(this, "opacity", 1.0);

    public LayerState(LayerIndex index) {
        this.index = index;
    }

    public LayerIndex index() {
        return index;
    }

    public LayerDescriptor descriptor() {
        return index.descriptor();
    }

    public String id() {
        return index.id();
    }

    public BooleanProperty visibleProperty() {
        return visible;
    }

    public boolean isVisible() {
        return visible.get();
    }

    public void setVisible(boolean v) {
        visible.set(v);
    }

    public DoubleProperty opacityProperty() {
        return opacity;
    }

    public double getOpacity() {
        return opacity.get();
    }

    public void setOpacity(double v) {
        opacity.set(Math.max(0, Math.min(1, v)));
    }
}
