package cn.yzt.ops.client.map;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * Builds a viewport-sized frame: the missing tiles of every visible layer are rendered in
 * parallel (one worker per core, at most four), then each layer's tiles (bottom first) are drawn
 * with the layer's opacity, then the labels on top. Panning reuses tiles of the same zoom
 * level, so only the newly exposed edge is rendered; toggling a layer renders nothing.
 */
public final class FrameComposer implements AutoCloseable {
    static final Color BACKGROUND = new Color(0xF4, 0xF1, 0xEA);

    private final TileCache cache;
    private final TileRenderer tiles;
    private final LabelPainter labels;
    private final ExecutorService workers;

    public FrameComposer(DisplayProjection projection, int maxCachedTiles) {
        this.cache = new TileCache(maxCachedTiles);
        this.tiles = new TileRenderer(projection);
        this.labels = new LabelPainter(projection);
        int n = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        AtomicInteger no = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "map-tile-" + no.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Composes the frame; throws {@link CancellationException} as soon as {@code cancelled} says so. */
    public Composed compose(RenderRequest req, BooleanSupplier cancelled, DoubleConsumer progress) {
        long start = System.nanoTime();
        Viewport v = req.viewport();
        int[] range = TileGrid.tileRange(v);
        Map<TileKey, Optional<BufferedImage>> ready = new HashMap<>();
        List<TileKey> missing = new ArrayList<>();
        Map<String, LayerIndex> byId = new HashMap<>();
        for (LayerDraw layer : req.layers()) {
            byId.put(layer.index().id(), layer.index());
            for (int ty = range[1]; ty <= range[3]; ty++) {
                for (int tx = range[0]; tx <= range[2]; tx++) {
                    TileKey key = new TileKey(layer.index().id(), v.zoom(), tx, ty);
                    Optional<BufferedImage> tile = cache.get(key);
                    if (tile == null) missing.add(key);
                    else ready.put(key, tile);
                }
            }
        }
        int fromCache = ready.size();
        renderMissing(missing, byId, ready, cancelled, progress);

        int w = Math.max(1, (int) Math.ceil(v.width())), h = Math.max(1, (int) Math.ceil(v.height()));
        BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = frame.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, w, h);
            // Tiles sit at integer offsets: every tile shifts by the same rounding, so no seams.
            long originX = Math.round(v.minX() / v.resolution());
            long originY = Math.round(-v.maxY() / v.resolution());
            for (LayerDraw layer : req.layers()) {
                if (cancelled.getAsBoolean()) throw new CancellationException();
                g.setComposite(layer.opacity() >= 1 ? AlphaComposite.SrcOver
                        : AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) layer.opacity()));
                for (int ty = range[1]; ty <= range[3]; ty++) {
                    for (int tx = range[0]; tx <= range[2]; tx++) {
                        Optional<BufferedImage> tile = ready.get(new TileKey(layer.index().id(), v.zoom(), tx, ty));
                        if (tile != null && tile.isPresent()) {
                            g.drawImage(tile.get(), (int) ((long) tx * TileGrid.TILE_SIZE - originX),
                                    (int) ((long) ty * TileGrid.TILE_SIZE - originY), null);
                        }
                    }
                }
            }
            g.setComposite(AlphaComposite.SrcOver);
            labels.paint(g, v, req.layers());
        } finally {
            g.dispose();
        }
        return new Composed(frame, new FrameStats(System.nanoTime() - start, missing.size(), fromCache));
    }

    private void renderMissing(List<TileKey> missing, Map<String, LayerIndex> layers, Map<TileKey, Optional<BufferedImage>> ready,
                               BooleanSupplier cancelled, DoubleConsumer progress) {
        List<Future<Optional<BufferedImage>>> futures = new ArrayList<>(missing.size());
        for (TileKey key : missing) {
            futures.add(workers.submit(() -> {
                if (cancelled.getAsBoolean()) throw new CancellationException();
                BufferedImage img = tiles.render(layers.get(key.layerId()), key.zoom(), key.tx(), key.ty(), cancelled);
                cache.put(key, img);
                return Optional.ofNullable(img);
            }));
        }
        try {
            for (int i = 0; i < futures.size(); i++) {
                ready.put(missing.get(i), futures.get(i).get());
                progress.accept((i + 1) / (double) futures.size());
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(false));
            if (e.getCause() instanceof CancellationException c) throw c;
            throw new IllegalStateException("tile render failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    /** Drops every cached tile (after the data changed). */
    public void invalidate() {
        cache.clear();
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** A composed frame in Java2D form, with its cost. */
    public record Composed(BufferedImage image, FrameStats stats) {
    }
}
