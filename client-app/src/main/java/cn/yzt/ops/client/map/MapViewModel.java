package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.GaussKruger;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.PlanningStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.locationtech.jts.geom.Envelope;

/**
 * State and behaviour of the map browser, free of controls: the view binds to these properties
 * and forwards gestures. All methods are called on the FX thread; loading, searching and
 * rendering run in background {@link Task}s whose results come back on the FX thread.
 */
public final class MapViewModel implements AutoCloseable {
    private static final double FIT_PADDING_PX = 24;

    private final MapDataSource source;
    private final Messages messages;
    private final DisplayProjection projection = DisplayProjection.LINCANG;
    private final MapRenderService renderer;
    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "map-data");
        t.setDaemon(true);
        return t;
    });
    private final Map<Integer, GaussKruger> zones = new HashMap<>(); // FX thread only

    private final ObservableList<LayerState> layers = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyDoubleWrapper loadProgress = new ReadOnlyDoubleWrapper(this, "loadProgress", 0);
    private final ReadOnlyObjectWrapper<Viewport> viewport =
            new ReadOnlyObjectWrapper<>(this, "viewport", new Viewport(0, 0, 0, 0, 0));
    private final ReadOnlyObjectWrapper<RenderedFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyBooleanWrapper rendering = new ReadOnlyBooleanWrapper(this, "rendering", false);
    private final ReadOnlyObjectWrapper<Identified> selection = new ReadOnlyObjectWrapper<>(this, "selection");
    private final ReadOnlyStringWrapper cursorDegrees = new ReadOnlyStringWrapper(this, "cursorDegrees", "");
    private final ReadOnlyStringWrapper cursorMetres = new ReadOnlyStringWrapper(this, "cursorMetres", "");
    private final ReadOnlyDoubleWrapper metresPerPixel = new ReadOnlyDoubleWrapper(this, "metresPerPixel", 0);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper renderInfo = new ReadOnlyStringWrapper(this, "renderInfo", "");
    private final ObjectProperty<MapActions> actions = new SimpleObjectProperty<>(this, "actions");
    private final ReadOnlyStringWrapper actionMessage = new ReadOnlyStringWrapper(this, "actionMessage", "");

    private Envelope fullExtentWorld;
    private boolean gestureActive;

    public MapViewModel(MapDataSource source, Messages messages) {
        this.source = source;
        this.messages = messages;
        this.renderer = new MapRenderService(new FrameComposer(projection, 400));
        cursorDegrees.set(messages.get("cursor.none"));
        viewport.addListener((o, a, b) -> metresPerPixel.set(computeMetresPerPixel(b)));
    }

    // ---- properties ----------------------------------------------------------------------

    public ObservableList<LayerState> layers() {
        return layers;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty loadProgressProperty() {
        return loadProgress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Viewport> viewportProperty() {
        return viewport.getReadOnlyProperty();
    }

    public Viewport getViewport() {
        return viewport.get();
    }

    public ReadOnlyObjectProperty<RenderedFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty renderingProperty() {
        return rendering.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Identified> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    /** The host's privileged map operations; null (standalone map) hides their buttons. */
    public ObjectProperty<MapActions> actionsProperty() {
        return actions;
    }

    public void setActions(MapActions a) {
        actions.set(a);
    }

    /** The outcome of the last map action (pending approval, executed, cancelled, failed). */
    public ReadOnlyStringProperty actionMessageProperty() {
        return actionMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cursorDegreesProperty() {
        return cursorDegrees.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty cursorMetresProperty() {
        return cursorMetres.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty metresPerPixelProperty() {
        return metresPerPixel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What the last frame cost (kept apart from {@link #statusProperty()} so it does not hide messages). */
    public ReadOnlyStringProperty renderInfoProperty() {
        return renderInfo.getReadOnlyProperty();
    }

    public Messages messages() {
        return messages;
    }

    public DisplayProjection projection() {
        return projection;
    }

    public MapRenderService renderService() {
        return renderer;
    }

    // ---- loading -------------------------------------------------------------------------

    /** Loads the catalog and every layer in the background, then fits the view to the data. */
    public Task<List<LayerIndex>> load() {
        Task<List<LayerIndex>> task = new Task<>() {
            @Override
            protected List<LayerIndex> call() throws Exception {
                List<LayerDescriptor> catalog = source.layers();
                List<LayerIndex> out = new ArrayList<>();
                for (int i = 0; i < catalog.size(); i++) {
                    LayerDescriptor d = catalog.get(i);
                    out.add(new LayerIndex(d, source.features(d.id(), d.extent())));
                    updateProgress(i + 1, catalog.size());
                }
                return out;
            }
        };
        loading.set(true);
        loaded.set(false);
        status.set(messages.get("load.loading"));
        loadProgress.bind(task.progressProperty());
        task.setOnSucceeded(e -> {
            loadProgress.unbind();
            List<LayerIndex> result = task.getValue();
            renderer.composer().invalidate();
            List<LayerState> states = new ArrayList<>();
            Envelope all = new Envelope();
            int features = 0;
            for (LayerIndex idx : result) {
                LayerState s = new LayerState(idx);
                s.visibleProperty().addListener((o, a, b) -> requestRender());
                s.opacityProperty().addListener((o, a, b) -> requestRender());
                states.add(s);
                all.expandToInclude(toWorld(idx.descriptor().extent().toEnvelope()));
                features += idx.size();
            }
            fullExtentWorld = all;
            layers.setAll(states);
            loading.set(false);
            loaded.set(true);
            status.set(messages.get("load.done", states.size(), features));
            zoomToFullExtent();
        });
        task.setOnFailed(e -> {
            loadProgress.unbind();
            loading.set(false);
            status.set(messages.get("load.failed", describe(task.getException())));
        });
        io.execute(task);
        return task;
    }

    // ---- navigation ----------------------------------------------------------------------

    /** The view's size changed (also the first layout). */
    public void resize(double width, double height) {
        Viewport v = viewport.get();
        if (v.width() == width && v.height() == height) return;
        boolean first = v.width() == 0 || v.height() == 0;
        viewport.set(v.withSize(width, height));
        if (first && fullExtentWorld != null) zoomToFullExtent();
        else requestRender();
    }

    public void zoomToFullExtent() {
        if (fullExtentWorld == null) return;
        Viewport v = viewport.get();
        viewport.set(Viewport.fit(fullExtentWorld, v.width(), v.height(), FIT_PADDING_PX));
        requestRender();
    }

    /** Zooms so the feature fills about a third of the view. */
    public void zoomToFeature(Feature f) {
        Envelope world = toWorld(f.geometry().getEnvelopeInternal());
        world.expandBy(world.getWidth(), world.getHeight());
        Viewport v = viewport.get();
        viewport.set(Viewport.fit(world, v.width(), v.height(), FIT_PADDING_PX));
        requestRender();
    }

    /** A drag starts: until {@link #endGesture()} the cached frame just moves. */
    public void beginGesture() {
        gestureActive = true;
    }

    public void panBy(double dxPixels, double dyPixels) {
        viewport.set(viewport.get().panBy(dxPixels, dyPixels));
        if (!gestureActive) requestRender();
    }

    public void endGesture() {
        gestureActive = false;
        requestRender();
    }

    /** Wheel zoom by {@code steps} levels (positive = in) about the pointer. */
    public void zoomAt(double sx, double sy, int steps) {
        Viewport v = viewport.get();
        Viewport z = v.zoomAbout(sx, sy, v.zoom() + steps);
        if (z.zoom() == v.zoom()) return;
        viewport.set(z);
        requestRender();
    }

    // ---- privileged actions (through the host's MapActions) -------------------------------

    /** Asks for a parcel's planning status change; the outcome lands in {@link #actionMessageProperty()}. */
    public void changeParcelStatus(String code, PlanningStatus from, PlanningStatus to) {
        MapActions a = actions.get();
        if (a == null) return;
        actionMessage.set("");
        follow(a.changeParcelStatus(code, from, to), code);
    }

    /** Asks for a layer to be published. */
    public void publishLayer(LayerState layer) {
        MapActions a = actions.get();
        if (a == null || layer == null) return;
        actionMessage.set("");
        follow(a.publishLayer(layer.descriptor()), layer.descriptor().name(messages.locale()));
    }

    private void follow(CompletableFuture<MapActions.Outcome> f, String subject) {
        f.whenComplete((outcome, ex) -> {
            Runnable show = () -> {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                String text;
                if (cause == null) {
                    text = messages.get(outcome == MapActions.Outcome.PENDING ? "action.pending" : "action.executed", subject);
                } else if (cause instanceof CancellationException) {
                    text = messages.get("action.cancelled");
                } else {
                    text = messages.get("action.failed", describe(cause));
                }
                actionMessage.set(text);
                status.set(text);
            };
            if (Platform.isFxApplicationThread()) show.run();
            else Platform.runLater(show);
        });
    }

    // ---- identify, search, cursor --------------------------------------------------------

    /** The topmost visible feature under a screen point (3 px tolerance), selected. */
    public Optional<Identified> identify(double sx, double sy) {
        Viewport v = viewport.get();
        double lon = projection.toLon(v.toWorldX(sx)), lat = v.toWorldY(sy);
        double tol = 3 * v.resolution();
        double scale = scaleDenominator();
        for (int i = layers.size() - 1; i >= 0; i--) {
            LayerState s = layers.get(i);
            if (!s.isVisible() || s.getOpacity() == 0 || !s.descriptor().visibleAt(scale)) continue;
            Optional<Feature> hit = s.index().identify(lon, lat, tol);
            if (hit.isPresent()) {
                Identified id = new Identified(s, hit.get());
                selection.set(id);
                return Optional.of(id);
            }
        }
        selection.set(null);
        return Optional.empty();
    }

    /** Finds a parcel by code in the background, then selects and zooms to it. */
    public Task<Optional<Feature>> search(String code) {
        String q = code == null ? "" : code.trim();
        if (q.isEmpty()) {
            status.set(messages.get("search.empty"));
            return null;
        }
        Task<Optional<Feature>> task = new Task<>() {
            @Override
            protected Optional<Feature> call() throws Exception {
                return source.findParcel(q);
            }
        };
        task.setOnSucceeded(e -> {
            Optional<Feature> f = task.getValue();
            if (f.isEmpty()) {
                status.set(messages.get("search.notFound", q));
                return;
            }
            LayerState parcels = layers.stream().filter(l -> l.id().equals(DemoLayers.PARCEL)).findFirst().orElse(null);
            if (parcels != null) parcels.setVisible(true);
            selection.set(new Identified(parcels, f.get()));
            status.set(messages.get("search.found", q));
            zoomToFeature(f.get());
        });
        task.setOnFailed(e -> status.set(messages.get("search.failed", describe(task.getException()))));
        io.execute(task);
        return task;
    }

    public void pointerMoved(double sx, double sy) {
        Viewport v = viewport.get();
        double lon = projection.toLon(v.toWorldX(sx)), lat = v.toWorldY(sy);
        cursorDegrees.set(messages.get("cursor.degrees", String.format(Locale.ROOT, "%.6f", lon),
                String.format(Locale.ROOT, "%.6f", lat)));
        try {
            GaussKruger gk = zone(lon);
            double[] xy = gk.project(lon, lat);
            cursorMetres.set(messages.get("cursor.metres", gk.centralMeridian() + "°E", String.valueOf(gk.epsgCode()),
                    String.format(Locale.ROOT, "%.2f", xy[0]), String.format(Locale.ROOT, "%.2f", xy[1])));
        } catch (IllegalArgumentException outsideZones) {
            cursorMetres.set("");
        }
    }

    public void pointerExited() {
        cursorDegrees.set(messages.get("cursor.none"));
        cursorMetres.set("");
    }

    /** Current scale 1:N (OGC 0.28 mm pixel), measured in Gauss-Krüger metres at the view centre. */
    public double scaleDenominator() {
        return ScaleBarMath.scaleDenominator(metresPerPixel.get());
    }

    // ---- rendering -----------------------------------------------------------------------

    /** Asks for a frame of the current viewport; a request still running is cancelled. */
    public void requestRender() {
        Viewport v = viewport.get();
        if (!loaded.get() || v.width() < 1 || v.height() < 1 || gestureActive) return;
        double scale = scaleDenominator();
        List<LayerDraw> draws = new ArrayList<>();
        for (LayerState s : layers) {
            if (s.isVisible() && s.getOpacity() > 0 && s.descriptor().visibleAt(scale)) {
                draws.add(new LayerDraw(s.index(), s.getOpacity()));
            }
        }
        rendering.set(true);
        Task<RenderedFrame> t = renderer.submit(new RenderRequest(v, draws), f -> {
            frame.set(f);
            rendering.set(false);
            renderInfo.set(messages.get("render.done", f.stats().nanos() / 1_000_000, f.stats().tilesRendered(),
                    f.stats().tilesFromCache()));
        });
        t.setOnFailed(e -> {
            rendering.set(false);
            status.set(describe(t.getException()));
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    private Envelope toWorld(Envelope lonLat) {
        return new Envelope(projection.toWorldX(lonLat.getMinX()), projection.toWorldX(lonLat.getMaxX()),
                lonLat.getMinY(), lonLat.getMaxY());
    }

    private double computeMetresPerPixel(Viewport v) {
        if (v.width() < 1) return 0;
        double lat = v.centerY();
        double lon1 = projection.toLon(v.centerX() - 50 * v.resolution());
        double lon2 = projection.toLon(v.centerX() + 50 * v.resolution());
        try {
            return zone(projection.toLon(v.centerX())).distance(lon1, lat, lon2, lat) / 100;
        } catch (IllegalArgumentException outsideZones) {
            return v.resolution() * 111_000; // rough: a degree of latitude
        }
    }

    private GaussKruger zone(double lon) {
        return zones.computeIfAbsent(GaussKruger.centralMeridianFor(lon), GaussKruger::zone);
    }

    private static String describe(Throwable t) {
        return t == null ? "?" : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        renderer.close();
        io.shutdownNow();
    }
}
