package cn.yzt.ops.client.map;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import cn.yzt.ops.client.api.Cancellable;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.api.OpsApiException;
import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;

/**
 * Map data from ops-server's map API over the console's TLCP client. A new request for a layer
 * cancels that layer's request still in flight (the view has moved on: its answer is stale), and
 * {@link #cancelAll()} aborts everything (screen closed, console locked). Blocking: off the FX thread.
 */
public final class HttpMapDataSource implements MapDataSource {
    private final OpsApi api;
    private final Map<String, Cancellable> inFlight = new ConcurrentHashMap<>();

    public HttpMapDataSource(OpsApi api) {
        this.api = api;
    }

    @Override
    public List<LayerDescriptor> layers() throws IOException {
        try {
            return api.mapLayers();
        } catch (OpsApiException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    @Override
    public List<Feature> features(String layerId, Extent bbox) throws IOException {
        Cancellable mine = new Cancellable();
        Cancellable previous = inFlight.put(layerId, mine);
        if (previous != null) {
            previous.cancel();
        }
        try {
            return api.mapFeatures(layerId, bbox, null, mine);
        } catch (OpsApiException ex) {
            throw new IOException(ex.getMessage(), ex);
        } finally {
            inFlight.remove(layerId, mine);
        }
    }

    @Override
    public Optional<Feature> findParcel(String parcelCode) throws IOException {
        try {
            return api.parcel(parcelCode);
        } catch (OpsApiException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /** Aborts every request in flight. */
    public void cancelAll() {
        inFlight.values().forEach(Cancellable::cancel);
        inFlight.clear();
    }

    /** Number of requests in flight (tests, diagnostics). */
    public int inFlight() {
        return inFlight.size();
    }
}
