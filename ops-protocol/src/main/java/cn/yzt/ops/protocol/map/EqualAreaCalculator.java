package cn.yzt.ops.protocol.map;

import org.locationtech.proj4j.BasicCoordinateTransform;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * Ellipsoidal area of lon/lat polygons in m²: the polygon is projected into an Albers
 * equal-area projection on the CGCS2000 (GRS80) ellipsoid, where planar area equals area on the
 * ellipsoid (Gauss-Krüger areas are off by the squared scale factor, up to ~0.03 % at a zone
 * edge). Not thread-safe: one instance per thread.
 */
public final class EqualAreaCalculator {
    private final BasicCoordinateTransform toAlbers;
    private final ProjCoordinate in = new ProjCoordinate();
    private final ProjCoordinate out = new ProjCoordinate();

    public EqualAreaCalculator(double centralLon, double stdParallel1, double stdParallel2) {
        CRSFactory f = new CRSFactory();
        CoordinateReferenceSystem geo = GaussKruger.crs("EPSG:4490");
        CoordinateReferenceSystem albers = f.createFromParameters("albers-cgcs2000",
                "+proj=aea +lat_1=" + stdParallel1 + " +lat_2=" + stdParallel2 + " +lat_0=0 +lon_0=" + centralLon
                        + " +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs");
        this.toAlbers = new BasicCoordinateTransform(geo, albers);
    }

    /** Parallels chosen for Lincang (23.0–24.8 N). */
    public static EqualAreaCalculator forLincang() {
        return new EqualAreaCalculator(99.9, 23.3, 24.5);
    }

    public double areaM2(Geometry lonLat) {
        Geometry projected = lonLat.copy();
        projected.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                in.x = seq.getX(i);
                in.y = seq.getY(i);
                toAlbers.transform(in, out);
                seq.setOrdinate(i, Coordinate.X, out.x);
                seq.setOrdinate(i, Coordinate.Y, out.y);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        return projected.getArea();
    }
}
