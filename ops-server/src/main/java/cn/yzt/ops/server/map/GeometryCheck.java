package cn.yzt.ops.server.map;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.Puntal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import cn.yzt.ops.protocol.map.GeometryType;

/** Reads one GeoJSON geometry and decides whether a layer may hold it (JTS IsValidOp and more). */
final class GeometryCheck {

    /** Either a geometry fit for the layer, or why not (a reason code of the map bundles and a detail). */
    record Result(Geometry geometry, String reason, String detail) {
        boolean ok() {
            return geometry != null;
        }

        static Result reject(String reason, String detail) {
            return new Result(null, reason, detail);
        }
    }

    private static final Envelope LON_LAT = new Envelope(-180, 180, -90, 90);

    private final GeoJsonReader reader;
    private final GeometryType expected;

    GeometryCheck(GeometryFactory factory, GeometryType expected) {
        this.reader = new GeoJsonReader(factory);
        this.expected = expected;
    }

    Result check(String geoJsonGeometry) {
        if (geoJsonGeometry == null) {
            return Result.reject("geometry.missing", null);
        }
        Geometry g;
        try {
            g = reader.read(geoJsonGeometry);
        } catch (ParseException | RuntimeException ex) {
            return unreadable(ex);
        }
        if (g == null || g.isEmpty()) {
            return Result.reject("geometry.empty", null);
        }
        if (!fits(g)) {
            return Result.reject("geometry.wrongType", g.getGeometryType() + " / " + expected);
        }
        if (!LON_LAT.contains(g.getEnvelopeInternal())) {
            return Result.reject("geometry.outOfRange", g.getEnvelopeInternal().toString());
        }
        TopologyValidationError err = new IsValidOp(g).getValidationError();
        if (err != null) {
            Coordinate at = err.getCoordinate();
            return Result.reject("invalid." + err.getErrorType(), at == null ? err.getMessage()
                    : err.getMessage() + " (" + at.x + ", " + at.y + ")");
        }
        return new Result(g, null, null);
    }

    private boolean fits(Geometry g) {
        return switch (expected) {
            case POLYGON -> g instanceof Polygonal;
            case LINE -> g instanceof Lineal;
            case POINT -> g instanceof Puntal;
        };
    }

    /** JTS refuses some invalid rings while building them; name those precisely rather than "unreadable". */
    private static Result unreadable(Exception ex) {
        // GeoJsonReader wraps JTS's reason ("Could not parse Polygon ..."): the innermost message says what is wrong
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        if (m.contains("closed linestring")) {
            return Result.reject("invalid." + TopologyValidationError.RING_NOT_CLOSED, m);
        }
        if (m.contains("Invalid number of points")) {
            return Result.reject("invalid." + TopologyValidationError.TOO_FEW_POINTS, m);
        }
        return Result.reject("geometry.unreadable", m.length() > 200 ? m.substring(0, 200) : m);
    }
}
