package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.PlanningStatus;
import java.util.concurrent.CompletableFuture;

/**
 * The privileged map operations the browser can start, supplied by the host (the console passes
 * {@link SignedMapActions}). Optional: without it (standalone map, tests) the buttons are hidden.
 *
 * <p>Called on the FX thread; the futures complete on the FX thread. A future that fails with
 * {@link java.util.concurrent.CancellationException} means the person cancelled.
 */
public interface MapActions {

    /** What became of a signed request. */
    enum Outcome {
        /** Carried out by the server. */
        EXECUTED,
        /** Dual control: recorded, waits for a second person's approval. */
        PENDING
    }

    /** Requests the planning status change of a parcel; {@code from} is its current status. */
    CompletableFuture<Outcome> changeParcelStatus(String code, PlanningStatus from, PlanningStatus to);

    /** Requests publishing a layer. */
    CompletableFuture<Outcome> publishLayer(LayerDescriptor layer);
}
