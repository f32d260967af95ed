package cn.yzt.ops.server.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.yzt.ops.protocol.json.JsonFormatException;
import cn.yzt.ops.protocol.json.StrictJson;
import cn.yzt.ops.protocol.operation.OperationDocument;
import cn.yzt.ops.protocol.operation.OperationTypes;
import cn.yzt.ops.protocol.operation.PersonalData;
import cn.yzt.ops.server.crypto.FieldProtector;
import cn.yzt.ops.server.db.Tx;

/**
 * The openings of a signed document's personal-data commitments ({@link PersonalData}): checked
 * against the document, and kept sealed in personal_openings beside (never in) the append-only
 * ledger, keyed by the entry's index, so the signer's statement stays provable and the data can
 * still be erased. Each value is sealed with FieldProtector bound to (table, ledger index, field).
 */
public final class PersonalOpenings {

    /** Refusal reason for a missing, wrong or extra opening. */
    public static final String MISMATCH = "PERSONAL_DATA_MISMATCH";
    private static final String TABLE = "personal_openings";

    private final DataSource ds;
    /** Null: no vault (a reduced service for tests): documents with personal data are refused. */
    private final FieldProtector sealer;

    public PersonalOpenings(DataSource ds, FieldProtector sealer) {
        this.ds = ds;
        this.sealer = sealer;
    }

    /**
     * D's parameters with every commitment replaced by its opened value, after checking that each
     * PERSONAL parameter has an opening that verifies and there is no other; the opened values must
     * then follow the type's value rules. Refusals: PERSONAL_DATA_MISMATCH, INVALID_PARAMETERS.
     */
    public ObjectNode opened(OperationDocument d, Map<String, PersonalData.Opening> openings) {
        ObjectNode plain;
        try {
            plain = PersonalData.opened(d.type(), d.parameters(), openings);
        } catch (PersonalData.Mismatch ex) {
            throw new OperationRefusedException(MISMATCH, ex.getMessage());
        }
        try {
            OperationTypes.validatePlain(d.type(), plain);
        } catch (JsonFormatException ex) {
            throw new OperationRefusedException("INVALID_PARAMETERS", ex.getMessage());
        }
        if (!openings.isEmpty() && sealer == null) {
            throw new OperationRefusedException("OPERATION_UNAVAILABLE", "no vault to seal personal data");
        }
        return plain;
    }

    /** Writes OPENINGS for the entry at LEDGER_IDX in the caller's transaction (the ledger unit). */
    public void store(Connection c, long ledgerIdx, Map<String, PersonalData.Opening> openings) throws SQLException {
        if (openings.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO personal_openings (ledger_idx, field, opening_enc) VALUES (?,?,?)")) {
            for (Map.Entry<String, PersonalData.Opening> e : new TreeMap<>(openings).entrySet()) {
                ps.setLong(1, ledgerIdx);
                ps.setString(2, e.getKey());
                ps.setBytes(3, sealer.seal(TABLE, ledgerIdx, e.getKey(), e.getValue().toJson().toString()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The openings kept for the entry at LEDGER_IDX (empty if none, or no vault to open them). */
    public Map<String, PersonalData.Opening> load(long ledgerIdx) {
        Map<String, PersonalData.Opening> out = new TreeMap<>();
        if (sealer == null) {
            return out;
        }
        Map<String, byte[]> sealed = Tx.run(ds, c -> {
            Map<String, byte[]> rows = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT field, opening_enc FROM personal_openings WHERE ledger_idx = ?")) {
                ps.setLong(1, ledgerIdx);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.put(rs.getString(1), rs.getBytes(2));
                    }
                }
            }
            return rows;
        });
        sealed.forEach((field, blob) -> out.put(field, PersonalData.Opening.fromJson("personal." + field,
                StrictJson.parse(sealer.open(TABLE, ledgerIdx, field, blob)))));
        return out;
    }
}
