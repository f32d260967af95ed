package cn.yzt.ops.protocol.map;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.proj4j.BasicCoordinateTransform;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * CGCS2000 3-degree Gauss-Krüger projection (EPSG:4534–4554, "CM 75E" … "CM 135E", false
 * easting 500 000 m, no zone prefix) for measuring lengths in metres and showing cursor
 * coordinates. Lincang (99.2–100.6 E) lies in the zones of CM 99E (EPSG:4542, up to 100.5 E)
 * and CM 102E (EPSG:4543).
 *
 * <p>Instances are not thread-safe (proj4j transforms keep scratch state): one per thread.
 */
public final class GaussKruger {
    public static final int FIRST_EPSG = 4534;
    public static final int FIRST_CM = 75;
    public static final int LAST_CM = 135;

    private static final CRSFactory CRS_FACTORY = new CRSFactory();
    // Parsing the EPSG file is slow; the CRS objects are immutable, so cache them per code.
    private static final Map<String, CoordinateReferenceSystem> CRS_CACHE = new ConcurrentHashMap<>();

    private final int centralMeridian;
    private final BasicCoordinateTransform forward;
    private final BasicCoordinateTransform inverse;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    private GaussKruger(int centralMeridian) {
        this.centralMeridian = centralMeridian;
        CoordinateReferenceSystem geo = crs("EPSG:4490");
        CoordinateReferenceSystem gk = crs("EPSG:" + epsgCode(centralMeridian));
        this.forward = new BasicCoordinateTransform(geo, gk);
        this.inverse = new BasicCoordinateTransform(gk, geo);
    }

    /** The zone whose central meridian is {@code centralMeridian} (a multiple of 3 in 75..135). */
    public static GaussKruger zone(int centralMeridian) {
        epsgCode(centralMeridian);
        return new GaussKruger(centralMeridian);
    }

    /** The 3-degree zone containing {@code lon} (zones span CM ± 1.5°). */
    public static GaussKruger forLongitude(double lon) {
        return zone(centralMeridianFor(lon));
    }

    public static int centralMeridianFor(double lon) {
        int cm = 3 * (int) Math.floor(lon / 3.0 + 0.5);
        if (cm < FIRST_CM || cm > LAST_CM) throw new IllegalArgumentException("longitude outside China's GK zones: " + lon);
        return cm;
    }

    public static int epsgCode(int centralMeridian) {
        if (centralMeridian % 3 != 0 || centralMeridian < FIRST_CM || centralMeridian > LAST_CM) {
            throw new IllegalArgumentException("not a 3-degree central meridian: " + centralMeridian);
        }
        return FIRST_EPSG + (centralMeridian - FIRST_CM) / 3;
    }

    public int centralMeridian() {
        return centralMeridian;
    }

    public int epsgCode() {
        return epsgCode(centralMeridian);
    }

    /** Longitude/latitude degrees to {easting, northing} metres. */
    public double[] project(double lon, double lat) {
        in.x = lon;
        in.y = lat;
        forward.transform(in, out);
        return new double[] {out.x, out.y};
    }

    /** {easting, northing} metres to {longitude, latitude} degrees. */
    public double[] unproject(double easting, double northing) {
        in.x = easting;
        in.y = northing;
        inverse.transform(in, out);
        return new double[] {out.x, out.y};
    }

    /** Grid distance in metres between two lon/lat points (both projected into this zone). */
    public double distance(double lon1, double lat1, double lon2, double lat2) {
        double[] a = project(lon1, lat1);
        double[] b = project(lon2, lat2);
        return Math.hypot(b[0] - a[0], b[1] - a[1]);
    }

    static CoordinateReferenceSystem crs(String name) {
        return CRS_CACHE.computeIfAbsent(name, CRS_FACTORY::createFromName);
    }
}
