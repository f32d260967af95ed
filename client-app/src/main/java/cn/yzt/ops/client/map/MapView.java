package cn.yzt.ops.client.map;

import javafx.scene.layout.BorderPane;

/**
 * The map browser: search bar, layer tree, map surface with scale bar and load progress,
 * attribute panel, status bar with cursor coordinates. A plain composition of small views bound
 * to one {@link MapViewModel}; call {@link MapViewModel#load()} to fill it.
 */
public final class MapView extends BorderPane {
    private final MapViewModel viewModel;
    private final MapCanvas canvas;

    public MapView(MapViewModel viewModel) {
        this.viewModel = viewModel;
        setId("mapView");
        // Controls take the CJK family from here; map labels (Java2D) pick theirs in MapFonts.
        setStyle(MapFonts.fxStyle());
        canvas = new MapCanvas(viewModel);
        setTop(new SearchBar(viewModel));
        setLeft(new LayerTreeView(viewModel));
        setCenter(canvas);
        setRight(new AttributePanel(viewModel));
        setBottom(new MapStatusBar(viewModel));
    }

    public MapViewModel viewModel() {
        return viewModel;
    }

    /** The node that receives map gestures (for tests and hosts that add tools). */
    public javafx.scene.Node mapSurface() {
        return canvas;
    }
}
