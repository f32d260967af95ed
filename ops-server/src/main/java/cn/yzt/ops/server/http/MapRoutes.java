package cn.yzt.ops.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import org.locationtech.jts.geom.Envelope;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.FeatureCodec;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.server.Services;
import cn.yzt.ops.server.map.MapService;
import cn.yzt.ops.server.map.ZoomSimplifier;
import cn.yzt.ops.server.rbac.Permission;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Map data (issue 5): the layer catalog as JSON, features as {@link FeatureCodec} blocks
 * (application/octet-stream, gzipped by Javalin when the client accepts it). Chosen over gzip
 * GeoJSON by measurement: 19% larger, but several times cheaper to encode and to decode
 * (ops-server/README.md, Maps). Every route needs MAP_READ.
 */
final class MapRoutes {

    static final String FEATURES = "application/octet-stream";
    private static final Pattern LAYER_ID = Pattern.compile("^[a-z][a-z0-9-]{0,39}$");
    private static final Pattern PARCEL_CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$");
    // plain decimal degrees only: no exponent, NaN, Infinity or hex floats reach Double.parseDouble
    private static final Pattern DEGREES = Pattern.compile("^-?[0-9]{1,3}(\\.[0-9]{1,12})?$");
    private static final Pattern ZOOM = Pattern.compile("^[0-9]{1,2}$");

    private final Services services;
    private final MapService maps;

    MapRoutes(Services services) {
        this.services = services;
        this.maps = services.maps();
    }

    void register(JavalinConfig cfg) {
        maps.preload();
        cfg.routes.get("/api/v1/map/layers", this::layers);
        cfg.routes.get("/api/v1/map/layers/{id}/features", this::features);
        cfg.routes.get("/api/v1/map/parcels/{code}", this::parcel);
    }

    private void layers(Context ctx) {
        requireMapRead(ctx);
        ctx.json(maps.layers().stream().map(MapRoutes::catalogEntry).toList());
    }

    private void features(Context ctx) {
        requireMapRead(ctx);
        String id = ctx.pathParam("id");
        if (!LAYER_ID.matcher(id).matches()) {
            throw new NoSuchElementException("layer");
        }
        Envelope box = bbox(single(ctx, "bbox", true));
        String z = single(ctx, "zoom", false);
        Integer zoom = z == null ? null : zoom(z);
        send(ctx, maps.features(id, box, zoom));
    }

    private void parcel(Context ctx) {
        requireMapRead(ctx);
        String code = ctx.pathParam("code");
        if (!PARCEL_CODE.matcher(code).matches()) {
            throw new ApiException(400, "map.invalidParcelCode");
        }
        send(ctx, List.of(maps.parcel(code).orElseThrow(() -> new NoSuchElementException("parcel"))));
    }

    private void requireMapRead(Context ctx) {
        services.rbac().require(ApiServer.session(ctx).userId(), Permission.MAP_READ);
    }

    private static void send(Context ctx, List<Feature> features) {
        ctx.header("X-Feature-Count", Integer.toString(features.size()));
        ctx.contentType(FEATURES).result(FeatureCodec.encode(features));
    }

    /** A parameter given at most once (a repeated one is ambiguous, so refused). */
    private static String single(Context ctx, String name, boolean required) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1 || required && values.isEmpty()) {
            throw new ApiException(400, "map.invalid." + name);
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** minLon,minLat,maxLon,maxLat in EPSG:4490 degrees, a non-empty box on the globe. */
    static Envelope bbox(String s) {
        ApiException bad = new ApiException(400, "map.invalid.bbox");
        if (s.length() > 80) {
            throw bad;
        }
        String[] p = s.split(",", -1);
        if (p.length != 4) {
            throw bad;
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!DEGREES.matcher(p[i]).matches()) {
                throw bad;
            }
            v[i] = Double.parseDouble(p[i]);
        }
        boolean lonOk = v[0] >= -180 && v[2] <= 180 && v[0] < v[2];
        boolean latOk = v[1] >= -90 && v[3] <= 90 && v[1] < v[3];
        if (!lonOk || !latOk) {
            throw bad;
        }
        return new Envelope(v[0], v[2], v[1], v[3]);
    }

    static int zoom(String s) {
        if (!ZOOM.matcher(s).matches()) {
            throw new ApiException(400, "map.invalid.zoom");
        }
        int z = Integer.parseInt(s);
        if (z < ZoomSimplifier.MIN_ZOOM || z > ZoomSimplifier.MAX_ZOOM) {
            throw new ApiException(400, "map.invalid.zoom");
        }
        return z;
    }

    /** JSON has no Infinity: an unlimited max scale is null. */
    private static Map<String, Object> catalogEntry(LayerDescriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("nameZh", d.nameZh());
        m.put("nameEn", d.nameEn());
        m.put("geometryType", d.geometryType().name());
        m.put("style", d.style());
        m.put("minScale", d.minScale());
        m.put("maxScale", Double.isInfinite(d.maxScale()) ? null : d.maxScale());
        m.put("featureCount", d.featureCount());
        Extent e = d.extent();
        m.put("extent", List.of(e.minLon(), e.minLat(), e.maxLon(), e.maxLat()));
        return m;
    }
}
