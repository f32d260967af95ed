package cn.yzt.ops.client.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.MapDataset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.concurrent.Task;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeView;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Envelope;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The map browser on the real JavaFX toolkit (headless Monocle, see the surefire argLine). */
@ExtendWith(ApplicationExtension.class)
class MapViewTest {
    private static MapDataset data;
    private MapViewModel vm;
    private MapView view;

    @BeforeAll
    static void generate() {
        data = new DemoDataGenerator(11L, 3_000).generate();
    }

    @Start
    void start(Stage stage) {
        vm = new MapViewModel(new InMemoryMapDataSource(data), Messages.chinese());
        view = new MapView(vm);
        stage.setScene(new Scene(view, 1100, 700));
        stage.show();
        vm.load();
    }

    @BeforeEach
    void loaded() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.loadedProperty().get()));
        awaitFrame();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    @Test
    void layersLoad(FxRobot robot) throws Exception {
        TreeView<?> tree = robot.lookup("#mapLayerTree").queryAs(TreeView.class);
        assertThat(fx(() -> tree.getRoot().getChildren().size())).isEqualTo(5);
        assertThat(fx(() -> vm.layers().stream().mapToInt(l -> l.index().size()).sum()))
                .isEqualTo(data.layers().stream().mapToInt(l -> l.features().size()).sum());
        assertThat(robot.lookup("#mapLoadingIndicator").query().isVisible()).isFalse();
        assertThat(robot.lookup("#mapStatus").queryAs(Label.class).getText()).contains("已加载 5 个图层");
        Image img = fx(() -> vm.frameProperty().get().image());
        assertThat(img.getWidth()).isGreaterThan(100);
        assertThat(MapFonts.cjkInstalled()).as("a CJK font (fonts-wqy-zenhei) must be installed").isTrue();
    }

    @Test
    void togglingALayerChangesTheRenderedPixels(FxRobot robot) throws Exception {
        int[] before = pixels(fx(() -> vm.frameProperty().get().image()));
        long gen = fx(() -> vm.frameProperty().get().generation());
        robot.clickOn("#layerVisible-" + DemoLayers.ECO_REDLINE);
        assertThat(fx(() -> layer(DemoLayers.ECO_REDLINE).isVisible())).isFalse();
        awaitFrameAfter(gen);
        int[] after = pixels(fx(() -> vm.frameProperty().get().image()));
        assertThat(differing(before, after)).isGreaterThan(500);

        long gen2 = fx(() -> vm.frameProperty().get().generation());
        robot.clickOn("#layerVisible-" + DemoLayers.ECO_REDLINE);
        awaitFrameAfter(gen2);
        assertThat(differing(before, pixels(fx(() -> vm.frameProperty().get().image())))).isZero();
    }

    @Test
    void identifyShowsTheClickedParcelsCode(FxRobot robot) throws Exception {
        Feature parcel = data.layer(DemoLayers.PARCEL).features().get(42);
        long gen = fx(() -> vm.frameProperty().get().generation());
        robot.interact(() -> vm.zoomToFeature(parcel));
        awaitFrameAfter(gen);
        robot.clickOn(screenPoint(parcel));
        WaitForAsyncUtils.waitForFxEvents();
        Label code = robot.lookup("#attr-" + Attributes.PARCEL_CODE).queryAs(Label.class);
        assertThat(code.getText()).isEqualTo(parcel.attribute(Attributes.PARCEL_CODE));
        assertThat(robot.lookup("#attr-" + Attributes.LAND_USE_NAME).queryAs(Label.class).getText())
                .isEqualTo(parcel.attribute(Attributes.LAND_USE_NAME));
    }

    @Test
    void searchZoomsToTheParcel(FxRobot robot) throws Exception {
        Feature parcel = data.layer(DemoLayers.PARCEL).features().get(1234);
        String code = parcel.attribute(Attributes.PARCEL_CODE);
        Viewport start = fx(vm::getViewport);
        robot.interact(() -> robot.lookup("#mapSearchField").queryAs(TextField.class).setText(code));
        robot.clickOn("#mapSearchButton");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> vm.selectionProperty().get() != null));
        awaitFrame();
        Viewport v = fx(vm::getViewport);
        assertThat(v.zoom()).isGreaterThan(start.zoom() + 8);
        Envelope e = parcel.geometry().getEnvelopeInternal();
        DisplayProjection p = vm.projection();
        assertThat(v.worldEnvelope().contains(new Envelope(p.toWorldX(e.getMinX()), p.toWorldX(e.getMaxX()), e.getMinY(), e.getMaxY())))
                .isTrue();
        assertThat(v.toScreenX(p.toWorldX(e.centre().x))).isCloseTo(v.width() / 2, offset(2.0));
        assertThat(fx(() -> vm.selectionProperty().get().feature().id())).isEqualTo(parcel.id());
        assertThat(robot.lookup("#attr-" + Attributes.PARCEL_CODE).queryAs(Label.class).getText()).isEqualTo(code);
        assertThat(fx(() -> vm.frameProperty().get().viewport())).isEqualTo(v);
    }

    @Test
    void wheelZoomKeepsThePointUnderTheCursorFixed(FxRobot robot) throws Exception {
        Node surface = view.mapSurface();
        Point2D local = new Point2D(310, 190);
        Viewport before = fx(vm::getViewport);
        double wx = before.toWorldX(local.getX()), wy = before.toWorldY(local.getY());
        robot.moveTo(fx(() -> surface.localToScreen(local)));
        robot.scroll(1, VerticalDirection.UP);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fx(() -> vm.getViewport().zoom() != before.zoom()));
        Viewport after = fx(vm::getViewport);
        assertThat(Math.abs(after.zoom() - before.zoom())).isEqualTo(1);
        // The same world point is still under the cursor (to a fraction of a pixel).
        assertThat(after.toScreenX(wx)).isCloseTo(local.getX(), offset(0.5));
        assertThat(after.toScreenY(wy)).isCloseTo(local.getY(), offset(0.5));
        awaitFrame();
        assertThat(robot.lookup("#mapCursorDegrees").queryAs(Label.class).getText()).startsWith("经度 ");
        assertThat(robot.lookup("#mapCursorMetres").queryAs(Label.class).getText()).contains("EPSG:454");
    }

    @Test
    void progressIndicatorShowsWhileLayersLoad() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        MapDataSource inner = new InMemoryMapDataSource(data);
        MapDataSource slow = new MapDataSource() { // holds the catalog back until the gate opens
            @Override
            public List<LayerDescriptor> layers() throws java.io.IOException {
                try {
                    gate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return inner.layers();
            }

            @Override
            public List<Feature> features(String layerId, Extent bbox) throws java.io.IOException {
                return inner.features(layerId, bbox);
            }

            @Override
            public java.util.Optional<Feature> findParcel(String code) throws java.io.IOException {
                return inner.findParcel(code);
            }
        };
        MapViewModel slowVm = fx(() -> new MapViewModel(slow, Messages.chinese()));
        try {
            Node indicator = fx(() -> new MapView(slowVm).lookup("#mapLoadingIndicator"));
            fx(slowVm::load);
            assertThat(fx(indicator::isVisible)).isTrue();
            gate.countDown();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(() -> slowVm.loadedProperty().get()));
            assertThat(fx(indicator::isVisible)).isFalse();
        } finally {
            gate.countDown();
            slowVm.close();
        }
    }

    @Test
    void searchForAnUnknownCodeSaysWhatToDo(FxRobot robot) throws Exception {
        Viewport before = fx(vm::getViewport);
        robot.interact(() -> robot.lookup("#mapSearchField").queryAs(TextField.class).setText("YS000000-999999"));
        robot.clickOn("#mapSearchButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#mapStatus").queryAs(Label.class).getText().contains("未找到"));
        assertThat(robot.lookup("#mapStatus").queryAs(Label.class).getText()).contains("YS000000-999999").contains("示例");
        assertThat(fx(vm::getViewport)).isEqualTo(before);
    }

    @Test
    void aNewRenderRequestCancelsTheStaleOne() throws Exception {
        AtomicReference<RenderedFrame> stale = new AtomicReference<>();
        AtomicReference<RenderedFrame> latest = new AtomicReference<>();
        List<Task<RenderedFrame>> tasks = fx(() -> {
            Viewport v = vm.getViewport();
            List<LayerDraw> draws = vm.layers().stream().map(l -> new LayerDraw(l.index(), 1.0)).toList();
            Task<RenderedFrame> a = vm.renderService().submit(new RenderRequest(v.zoomAbout(50, 50, v.zoom() + 3), draws), stale::set);
            Task<RenderedFrame> b = vm.renderService().submit(new RenderRequest(v.zoomAbout(50, 50, v.zoom() + 4), draws), latest::set);
            return List.of(a, b);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> latest.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(tasks.get(0).isCancelled()).isTrue();
        assertThat(stale.get()).isNull();
        assertThat(latest.get().viewport().zoom()).isEqualTo(fx(vm::getViewport).zoom() + 4);
    }

    // ---- helpers -------------------------------------------------------------------------

    private LayerState layer(String id) {
        return vm.layers().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    private Point2D screenPoint(Feature f) throws Exception {
        Envelope e = f.geometry().getEnvelopeInternal(); // parcels are convex: the envelope centre is inside
        return fx(() -> {
            Viewport v = vm.getViewport();
            double sx = v.toScreenX(vm.projection().toWorldX(e.centre().x)), sy = v.toScreenY(e.centre().y);
            return view.mapSurface().localToScreen(sx, sy);
        });
    }

    private void awaitFrame() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> {
            RenderedFrame f = vm.frameProperty().get();
            return f != null && !vm.renderingProperty().get() && f.generation() == vm.renderService().generation();
        }));
    }

    private void awaitFrameAfter(long generation) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> fx(() -> vm.frameProperty().get().generation() > generation));
        awaitFrame();
    }

    private static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private static int[] pixels(Image img) {
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        int[] out = new int[w * h];
        PixelReader r = img.getPixelReader();
        r.getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), out, 0, w);
        return out;
    }

    private static int differing(int[] a, int[] b) {
        if (a.length != b.length) return Integer.MAX_VALUE;
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }
}
