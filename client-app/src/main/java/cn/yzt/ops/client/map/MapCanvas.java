package cn.yzt.ops.client.map;

import javafx.geometry.Pos;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;

/**
 * The map surface: shows the last rendered frame, placed where its viewport lies in the current
 * one. Dragging only moves (and wheel-zooming only scales) that image until the new frame
 * arrives, so a gesture costs no rendering on the FX thread.
 */
final class MapCanvas extends StackPane {
    private static final double CLICK_SLOP_PX = 3;

    private final MapViewModel vm;
    private final Pane surface = new Pane();
    private final ImageView frameView = new ImageView();
    private final SelectionOverlay overlay;
    private double pressX, pressY, lastX, lastY;
    private boolean dragging;

    MapCanvas(MapViewModel vm) {
        this.vm = vm;
        setId("mapCanvas");
        setMinSize(100, 100);
        setStyle("-fx-background-color: #f4f1ea;");
        frameView.setId("mapFrame");
        frameView.setSmooth(false);
        overlay = new SelectionOverlay(vm);
        overlay.widthProperty().bind(widthProperty());
        overlay.heightProperty().bind(heightProperty());
        surface.getChildren().addAll(frameView, overlay);
        surface.setManaged(true);

        ScaleBar scaleBar = new ScaleBar(vm);
        StackPane.setAlignment(scaleBar, Pos.BOTTOM_LEFT);
        ProgressIndicator loading = new ProgressIndicator();
        loading.setId("mapLoadingIndicator");
        loading.progressProperty().bind(vm.loadProgressProperty());
        loading.visibleProperty().bind(vm.loadingProperty());
        loading.setMaxSize(80, 80);
        getChildren().addAll(surface, scaleBar, loading);

        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);

        widthProperty().addListener((o, a, b) -> vm.resize(getWidth(), getHeight()));
        heightProperty().addListener((o, a, b) -> vm.resize(getWidth(), getHeight()));
        vm.viewportProperty().addListener((o, a, b) -> placeFrame());
        vm.frameProperty().addListener((o, a, b) -> placeFrame());
        installGestures();
    }

    /** Where the frame's viewport lies in the current viewport: a translate (pan) and a scale (zoom). */
    private void placeFrame() {
        RenderedFrame f = vm.frameProperty().get();
        if (f == null) {
            frameView.setImage(null);
            return;
        }
        Viewport cur = vm.getViewport();
        Viewport fv = f.viewport();
        double s = fv.resolution() / cur.resolution();
        frameView.setImage(f.image());
        frameView.setFitWidth(f.image().getWidth() * s);
        frameView.setFitHeight(f.image().getHeight() * s);
        frameView.relocate((fv.minX() - cur.minX()) / cur.resolution(), (cur.maxY() - fv.maxY()) / cur.resolution());
    }

    private void installGestures() {
        setOnMousePressed(e -> {
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragging = false;
        });
        setOnMouseDragged(e -> {
            if (!dragging && Math.hypot(e.getX() - pressX, e.getY() - pressY) > CLICK_SLOP_PX) {
                dragging = true;
                vm.beginGesture();
            }
            if (dragging) {
                vm.panBy(e.getX() - lastX, e.getY() - lastY);
                lastX = e.getX();
                lastY = e.getY();
            }
            vm.pointerMoved(e.getX(), e.getY());
        });
        setOnMouseReleased(e -> {
            if (dragging) {
                dragging = false;
                vm.endGesture();
            } else {
                vm.identify(e.getX(), e.getY());
            }
        });
        setOnScroll(e -> {
            if (e.getDeltaY() == 0) return;
            vm.zoomAt(e.getX(), e.getY(), e.getDeltaY() > 0 ? 1 : -1);
            e.consume();
        });
        setOnMouseMoved(e -> vm.pointerMoved(e.getX(), e.getY()));
        setOnMouseExited(e -> vm.pointerExited());
    }

    ImageView frameView() {
        return frameView;
    }
}
