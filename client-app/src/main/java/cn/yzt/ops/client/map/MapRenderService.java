package cn.yzt.ops.client.map;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * Runs frame renders on one background thread. A new request cancels the one in flight: the
 * view has moved on, so finishing the old frame would only delay the one that matters. Results
 * of superseded requests are dropped even if they finished just before the cancel.
 */
public final class MapRenderService implements AutoCloseable {
    private final FrameComposer composer;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "map-render");
        t.setDaemon(true);
        return t;
    });
    private long generation;
    private Task<RenderedFrame> current;

    public MapRenderService(FrameComposer composer) {
        this.composer = composer;
    }

    /** Call on the FX thread. {@code onFrame} runs on the FX thread, only for the latest request. */
    public Task<RenderedFrame> submit(RenderRequest request, Consumer<RenderedFrame> onFrame) {
        if (current != null) current.cancel(false); // the composer polls isCancelled()
        long gen = ++generation;
        Task<RenderedFrame> task = new Task<>() {
            @Override
            protected RenderedFrame call() {
                FrameComposer.Composed c = composer.compose(request, this::isCancelled, p -> updateProgress(p, 1));
                return new RenderedFrame(request.viewport(), FxImages.toFx(c.image()), c.stats(), gen);
            }
        };
        task.setOnSucceeded(e -> {
            if (gen == generation) onFrame.accept(task.getValue());
        });
        current = task;
        executor.execute(task);
        return task;
    }

    /** Requests started so far (the newest one's generation). */
    public long generation() {
        return generation;
    }

    public FrameComposer composer() {
        return composer;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        composer.close();
    }
}
