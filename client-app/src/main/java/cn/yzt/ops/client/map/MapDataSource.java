package cn.yzt.ops.client.map;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the map view gets its layers. Every method blocks (network or decoding), so callers
 * run it off the JavaFX thread. Implementations: {@link InMemoryMapDataSource} over the demo
 * data now; an HTTP one against ops-server's catalog and bbox API later.
 */
public interface MapDataSource {
    /** The layer catalog in drawing order (bottom first). */
    List<LayerDescriptor> layers() throws IOException;

    /** Features of a layer whose geometry envelope intersects {@code bbox} (EPSG:4490 degrees). */
    List<Feature> features(String layerId, Extent bbox) throws IOException;

    /** The parcel with this parcel code, if any. */
    Optional<Feature> findParcel(String parcelCode) throws IOException;
}
