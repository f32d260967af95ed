package cn.yzt.ops.server.map;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import cn.yzt.ops.protocol.map.Extent;
import cn.yzt.ops.protocol.map.GeometryType;
import cn.yzt.ops.protocol.map.LayerDescriptor;
import cn.yzt.ops.protocol.map.LayerStyle;

/** SQL of the map tables (V30); callers own the connection and the transaction. */
final class MapStore {

    /** One stored row as read for loading. */
    record Row(long id, byte[] geomEnc, byte[] attrsEnc) {
    }

    @FunctionalInterface
    interface RowSink {
        void accept(Row row);
    }

    private MapStore() {
    }

    /** Creates or updates a catalog entry; its feature count and extent are computed at load time. */
    static void upsertLayer(Connection c, LayerDescriptor d, int drawOrder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO map_layers (id, draw_order, name_zh, name_en,"
                + " geometry_type, fill_argb, stroke_argb, stroke_width, label_attribute, min_scale, max_scale)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET draw_order = EXCLUDED.draw_order,"
                + " name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, geometry_type = EXCLUDED.geometry_type,"
                + " fill_argb = EXCLUDED.fill_argb, stroke_argb = EXCLUDED.stroke_argb, stroke_width = EXCLUDED.stroke_width,"
                + " label_attribute = EXCLUDED.label_attribute, min_scale = EXCLUDED.min_scale, max_scale = EXCLUDED.max_scale")) {
            LayerStyle s = d.style();
            ps.setString(1, d.id());
            ps.setInt(2, drawOrder);
            ps.setString(3, d.nameZh());
            ps.setString(4, d.nameEn());
            ps.setString(5, d.geometryType().name());
            ps.setInt(6, s.fillArgb());
            ps.setInt(7, s.strokeArgb());
            ps.setDouble(8, s.strokeWidth());
            ps.setString(9, s.labelAttribute());
            ps.setDouble(10, d.minScale());
            if (Double.isInfinite(d.maxScale())) {
                ps.setNull(11, Types.DOUBLE);
            } else {
                ps.setDouble(11, d.maxScale());
            }
            ps.executeUpdate();
        }
    }

    static int nextDrawOrder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(draw_order), -1) + 1 FROM map_layers");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Where an existing layer is drawn; empty if the layer does not exist. */
    static OptionalInt drawOrder(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT draw_order FROM map_layers WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    static int deleteFeatures(Connection c, String layerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM map_features WHERE layer_id = ?")) {
            ps.setString(1, layerId);
            return ps.executeUpdate();
        }
    }

    /** Row ids are taken first because every blob's MAC covers its row id. */
    static long[] reserveIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('map_features_id_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (ResultSet rs = ps.executeQuery()) {
                for (int i = 0; i < n && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    static void insert(Connection c, String layerId, List<SealedFeature> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO map_features (id, layer_id, min_lon, min_lat,"
                + " max_lon, max_lat, geom_enc, attrs_enc, code_bidx) VALUES (?,?,?,?,?,?,?,?,?)")) {
            int pending = 0;
            for (SealedFeature f : rows) {
                ps.setLong(1, f.rowId());
                ps.setString(2, layerId);
                ps.setDouble(3, f.envelope().getMinX());
                ps.setDouble(4, f.envelope().getMinY());
                ps.setDouble(5, f.envelope().getMaxX());
                ps.setDouble(6, f.envelope().getMaxY());
                ps.setBytes(7, f.geomEnc());
                ps.setBytes(8, f.attrsEnc());
                ps.setBytes(9, f.codeIndex());
                ps.addBatch();
                if (++pending == 1000) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Whether a feature of the layer has one of these parcel-code blind indexes (one per key version). */
    static boolean codeExists(Connection c, String layerId, List<byte[]> candidates) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM map_features WHERE layer_id = ? AND code_bidx = ANY (?)")) {
            ps.setString(1, layerId);
            ps.setArray(2, c.createArrayOf("bytea", candidates.toArray(new byte[0][])));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The catalog in drawing order; counts and extents are placeholders until the layer is loaded. */
    static List<LayerDescriptor> layers(Connection c) throws SQLException {
        List<LayerDescriptor> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name_zh, name_en, geometry_type, fill_argb, stroke_argb,"
                + " stroke_width, label_attribute, min_scale, max_scale FROM map_layers ORDER BY draw_order, id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double max = rs.getDouble(10);
                if (rs.wasNull()) {
                    max = Double.POSITIVE_INFINITY;
                }
                out.add(new LayerDescriptor(rs.getString(1), rs.getString(2), rs.getString(3),
                        GeometryType.valueOf(rs.getString(4)),
                        new LayerStyle(rs.getInt(5), rs.getInt(6), rs.getDouble(7), rs.getString(8)),
                        rs.getDouble(9), max, 0, new Extent(0, 0, 0, 0)));
            }
        }
        return out;
    }

    /** Streams a layer's rows in id order (a cursor: autocommit must be off). */
    static void forEachFeature(Connection c, String layerId, RowSink sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, geom_enc, attrs_enc FROM map_features"
                + " WHERE layer_id = ? ORDER BY id")) {
            ps.setFetchSize(2000);
            ps.setString(1, layerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
        }
    }
}
