package cn.yzt.ops.client.map.bench;

import cn.yzt.ops.client.map.DisplayProjection;
import cn.yzt.ops.client.map.FrameComposer;
import cn.yzt.ops.client.map.InMemoryMapDataSource;
import cn.yzt.ops.client.map.LayerDraw;
import cn.yzt.ops.client.map.LayerIndex;
import cn.yzt.ops.client.map.MapView;
import cn.yzt.ops.client.map.MapViewModel;
import cn.yzt.ops.client.map.Messages;
import cn.yzt.ops.client.map.RenderRequest;
import cn.yzt.ops.client.map.Viewport;
import cn.yzt.ops.protocol.map.DemoDataGenerator;
import cn.yzt.ops.protocol.map.DemoLayers;
import cn.yzt.ops.protocol.map.MapDataset;
import cn.yzt.ops.protocol.map.MapLayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.locationtech.jts.geom.Envelope;

/**
 * Renderer benchmark (run by the {@code bench} profile; not a test): full re-render and pan
 * costs with 100,000 parcels in view. Prints figures; asserts nothing.
 *
 * <pre>mvn -Pbench -pl client-app verify -DskipTests [-Dbench.parcels=100000]</pre>
 */
public final class MapRenderBench {
    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        int parcels = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        machine();
        long t0 = System.nanoTime();
        MapDataset data = new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED, parcels).generate();
        System.out.printf(Locale.ROOT, "generate %,d parcels: %.0f ms%n", parcels, ms(System.nanoTime() - t0));
        t0 = System.nanoTime();
        List<LayerIndex> layers = new ArrayList<>();
        for (MapLayer l : data.layers()) layers.add(new LayerIndex(l.descriptor(), l.features()));
        System.out.printf(Locale.ROOT, "index (STRtree per layer): %.0f ms%n", ms(System.nanoTime() - t0));

        DisplayProjection p = DisplayProjection.LINCANG;
        Envelope e = data.layer(DemoLayers.PARCEL).descriptor().extent().toEnvelope();
        Envelope world = new Envelope(p.toWorldX(e.getMinX()), p.toWorldX(e.getMaxX()), e.getMinY(), e.getMaxY());
        List<LayerDraw> all = layers.stream().map(l -> new LayerDraw(l, 1.0)).toList();
        LayerIndex parcelLayer = layers.stream().filter(l -> l.id().equals(DemoLayers.PARCEL)).findFirst().orElseThrow();

        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}}) {
            Viewport v = Viewport.fit(world, size[0], size[1], 0);
            Envelope lonLat = new Envelope(p.toLon(v.minX()), p.toLon(v.maxX()), v.minY(), v.maxY());
            int inView = parcelLayer.query(lonLat).size();
            double mpp = v.resolution() * 110_700;
            System.out.printf(Locale.ROOT, "%n== viewport %dx%d, zoom %d (~%.0f m/px, ~1:%,.0f), parcels in view: %,d ==%n",
                    size[0], size[1], v.zoom(), mpp, mpp / 0.00028, inView);
            fullRender(v, all);
            panRerender(v, all);
        }
        // A town at street level: parcels drawn as real polygons (not dots), with labels.
        Envelope town = new Envelope(p.toWorldX(100.02), p.toWorldX(100.14), 23.83, 23.93);
        Viewport detail = Viewport.fit(town, 1920, 1080, 0);
        Envelope detailLonLat = new Envelope(p.toLon(detail.minX()), p.toLon(detail.maxX()), detail.minY(), detail.maxY());
        System.out.printf(Locale.ROOT, "%n== detail viewport 1920x1080 at Linxiang, zoom %d (~%.1f m/px), parcels in view: %,d ==%n",
                detail.zoom(), detail.resolution() * 110_700, parcelLayer.query(detailLonLat).size());
        fullRender(detail, all);
        panRerender(detail, all);
        wireSize(data);
        panFrames(data, 1920, 1080);
        panFrames(data, 3840, 2160);
        System.exit(0);
    }

    /** Size of 1,000 parcels in the binary feature codec, raw and gzipped (input for the server's format choice). */
    private static void wireSize(MapDataset data) throws java.io.IOException {
        List<cn.yzt.ops.protocol.map.Feature> k = data.layer(DemoLayers.PARCEL).features().subList(0, 1000);
        byte[] raw = cn.yzt.ops.protocol.map.FeatureCodec.encode(k);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(raw);
        }
        System.out.printf(Locale.ROOT, "%n1,000 parcels in FeatureCodec (YZF1, WKB + attributes): %,d bytes raw, %,d bytes gzip%n",
                raw.length, gz.size());
    }

    /** Cold cache each run: every tile of every layer rendered, then composed with labels. */
    private static void fullRender(Viewport v, List<LayerDraw> all) {
        double[] t = new double[RUNS];
        int tiles = 0;
        for (int i = 0; i < RUNS; i++) {
            try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 2000)) {
                FrameComposer.Composed r = c.compose(new RenderRequest(v, all), () -> false, x -> { });
                t[i] = ms(r.stats().nanos());
                tiles = r.stats().tilesRendered();
            }
        }
        report("full re-render (cold tiles, " + tiles + " tiles)", t);
        double[] warm = new double[RUNS];
        try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 2000)) {
            c.compose(new RenderRequest(v, all), () -> false, x -> { });
            for (int i = 0; i < RUNS; i++) warm[i] = ms(c.compose(new RenderRequest(v, all), () -> false, x -> { }).stats().nanos());
        }
        report("recompose from cached tiles (layer toggle/opacity)", warm);
    }

    /** After a drag of 300 px: only the exposed tiles are new. */
    private static void panRerender(Viewport v, List<LayerDraw> all) {
        double[] t = new double[RUNS];
        try (FrameComposer c = new FrameComposer(DisplayProjection.LINCANG, 4000)) {
            c.compose(new RenderRequest(v, all), () -> false, x -> { });
            Viewport cur = v;
            for (int i = 0; i < RUNS; i++) {
                cur = cur.panBy(i % 2 == 0 ? 300 : -300, 170);
                t[i] = ms(c.compose(new RenderRequest(cur, all), () -> false, x -> { }).stats().nanos());
            }
        }
        report("re-render after a 300 px pan (edge tiles only)", t);
    }

    /**
     * Pan frames on the real JavaFX scene graph (Monocle headless, software pipeline): each frame
     * moves the cached image by 4 px. Reported twice: the FX-thread work of a drag event, and the
     * same plus a snapshot of the map surface, which makes the pipeline render the moved image
     * (an upper bound: a snapshot also reads the pixels back).
     */
    private static void panFrames(MapDataset data, int w, int h) throws Exception {
        startFx();
        CompletableFuture<MapViewModel> vmf = new CompletableFuture<>();
        MapView[] view = new MapView[1];
        Platform.runLater(() -> {
            MapViewModel vm = new MapViewModel(new InMemoryMapDataSource(data), Messages.chinese());
            view[0] = new MapView(vm);
            Stage s = new Stage();
            s.setScene(new Scene(view[0], w + 580, h + 80));
            s.show();
            vm.load();
            vmf.complete(vm);
        });
        MapViewModel vm = vmf.get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!onFx(() -> vm.loadedProperty().get() && vm.frameProperty().get() != null && !vm.renderingProperty().get())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no frame");
            Thread.sleep(50);
        }
        Viewport vp = onFx(vm::getViewport);
        double[] event = new double[60];
        double[] frame = new double[60];
        onFx(() -> {
            WritableImage target = null;
            SnapshotParameters params = new SnapshotParameters();
            vm.beginGesture();
            for (int i = 0; i < event.length; i++) {
                long a = System.nanoTime();
                vm.panBy(i % 20 < 10 ? 4 : -4, 0);
                view[0].layout();
                long b = System.nanoTime();
                target = view[0].mapSurface().snapshot(params, target);
                long c = System.nanoTime();
                event[i] = ms(b - a);
                frame[i] = ms(c - a);
            }
            vm.endGesture();
            return null;
        });
        System.out.printf(Locale.ROOT, "%n== pan frames, map surface %.0fx%.0f (JavaFX, Monocle headless, prism sw) ==%n",
                vp.width(), vp.height());
        report("pan: FX-thread work per drag event (move cached image)", Arrays.copyOfRange(event, 10, event.length));
        report("pan: drag event + scene render/readback (snapshot)", Arrays.copyOfRange(frame, 10, frame.length));
        Platform.runLater(vm::close);
    }

    private static boolean fxStarted;

    private static void startFx() throws InterruptedException {
        if (fxStarted) return;
        CountDownLatch l = new CountDownLatch(1);
        Platform.startup(l::countDown);
        l.await();
        fxStarted = true;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(120, TimeUnit.SECONDS);
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-58s median %7.1f ms   min %7.1f   max %7.1f   (n=%d)%n",
                what, s[s.length / 2], s[0], s[s.length - 1], s.length);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception ignored) {
            // not Linux: leave "?"
        }
        System.out.printf(Locale.ROOT, "machine: %s, %d cores visible to the JVM, %s %s, Java %s, max heap %d MiB%n",
                cpu, Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }
}
