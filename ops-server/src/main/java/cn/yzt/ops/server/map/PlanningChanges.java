package cn.yzt.ops.server.map;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.map.Attributes;
import cn.yzt.ops.protocol.map.Feature;
import cn.yzt.ops.protocol.map.PlanningStatus;
import cn.yzt.ops.server.crypto.BlindIndex;
import cn.yzt.ops.server.db.Tx;

/**
 * The two signed map operations (issue 5 through issue 4's path): publishing a layer and changing a
 * parcel's planning status. Both run inside the caller's (ledger commit) transaction; the served
 * catalogue picks a status change up at the next reload.
 */
final class PlanningChanges {

    /** What a status change did (for the operation's result). */
    record StatusChange(String code, String layerId, PlanningStatus from, PlanningStatus to) {
    }

    private final DataSource ds;
    private final FeatureSealer sealer;
    private final BlindIndex blindIndex;
    private final Clock clock;

    PlanningChanges(DataSource ds, FeatureSealer sealer, BlindIndex blindIndex, Clock clock) {
        this.ds = ds;
        this.sealer = sealer;
        this.blindIndex = blindIndex;
        this.clock = clock;
    }

    /** Marks LAYER_ID published by ACTOR now; NoSuchElementException for an unknown layer. */
    OffsetDateTime publish(long actorId, String layerId) {
        OffsetDateTime at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return Tx.run(ds, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE map_layers SET published_at = ?, published_by = ? WHERE id = ?")) {
                ps.setObject(1, at);
                ps.setLong(2, actorId);
                ps.setString(3, layerId);
                if (ps.executeUpdate() != 1) {
                    throw new NoSuchElementException("layer");
                }
            }
            return at;
        });
    }

    /**
     * Changes the planning status of the parcel with CODE from FROM to TO: the stored (verified)
     * status must be FROM, so the signer's "before" is checked against the data, not trusted.
     * IllegalArgumentException when it is not, or when FROM equals TO; NoSuchElementException for
     * an unknown code; IllegalArgumentException when the code is in several layers.
     */
    StatusChange changeStatus(String code, PlanningStatus from, PlanningStatus to) {
        if (from == to) {
            throw new IllegalArgumentException("from and to are the same status");
        }
        List<byte[]> candidates = blindIndex.candidates(FeatureSealer.CODE_INDEX, FeatureSealer.normalizeCode(code));
        return Tx.run(ds, c -> {
            List<Object[]> rows = rows(c, candidates);
            if (rows.isEmpty()) {
                throw new NoSuchElementException("parcel");
            }
            if (rows.size() > 1) {
                throw new IllegalArgumentException("parcel code is in several layers");
            }
            long id = (Long) rows.get(0)[0];
            String layerId = (String) rows.get(0)[1];
            Feature f = sealer.open(id, (byte[]) rows.get(0)[2], (byte[]) rows.get(0)[3]);
            String current = f.attribute(Attributes.PLANNING_STATUS);
            if (!from.nameZh().equals(current)) {
                throw new IllegalArgumentException("current planning status is not " + from);
            }
            Map<String, String> attrs = new LinkedHashMap<>(f.attributes());
            attrs.put(Attributes.PLANNING_STATUS, to.nameZh());
            SealedFeature sealed = sealer.seal(id, new Feature(f.id(), f.geometry(), attrs));
            try (PreparedStatement ps = c.prepareStatement("UPDATE map_features SET attrs_enc = ? WHERE id = ?")) {
                ps.setBytes(1, sealed.attrsEnc());
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return new StatusChange(code, layerId, from, to);
        });
    }

    private static List<Object[]> rows(Connection c, List<byte[]> candidates) throws SQLException {
        List<Object[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, layer_id, geom_enc, attrs_enc FROM map_features"
                + " WHERE code_bidx = ANY (?) FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("bytea", candidates.toArray(new byte[0][])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)});
                }
            }
        }
        return out;
    }
}
