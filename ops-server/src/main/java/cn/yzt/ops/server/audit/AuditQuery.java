package cn.yzt.ops.server.audit;

import java.io.IOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import cn.yzt.ops.protocol.api.AuditEntryDto;
import cn.yzt.ops.server.db.Tx;
import cn.yzt.ops.server.rbac.Permission;
import cn.yzt.ops.server.rbac.Rbac;

/** Search and export of the audit log (auditors only); times shown in Asia/Shanghai. */
public final class AuditQuery {

    public static final ZoneId DISPLAY_ZONE = ZoneId.of("Asia/Shanghai");

    /** Filters; null means "any". Validated by the caller at the boundary. */
    public record Filter(String username, String type, Instant from, Instant to, int limit) {
    }

    private final DataSource ds;
    private final Rbac rbac;
    private final AuditLog audit;

    public AuditQuery(DataSource ds, Rbac rbac, AuditLog audit) {
        this.ds = ds;
        this.rbac = rbac;
        this.audit = audit;
    }

    public List<AuditEntryDto> search(long actorId, Filter f) {
        rbac.require(actorId, Permission.AUDIT_READ);
        return query(f);
    }

    /** CSV export (UTF-8, header line); the export itself is an audited event. */
    public void exportCsv(long actorId, Filter f, Writer out) throws IOException {
        rbac.require(actorId, Permission.AUDIT_EXPORT);
        List<AuditEntryDto> rows = query(f);
        audit.record(AuditEvent.success("AUDIT_EXPORT", null, actorId, rows.size() + " entries"));
        out.write("seq,at,type,outcome,username,user_id,reason,detail,remote\n");
        for (AuditEntryDto e : rows) {
            out.write(e.seq() + "," + csv(e.at()) + "," + csv(e.type()) + "," + csv(e.outcome()) + "," + csv(e.username()) + ","
                    + (e.userId() == null ? "" : e.userId()) + "," + csv(e.reason()) + "," + csv(e.detail()) + "," + csv(e.remote()) + "\n");
        }
    }

    private List<AuditEntryDto> query(Filter f) {
        return Tx.run(ds, c -> {
            List<AuditEntryDto> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, at, event_type, outcome, username, user_id, reason,"
                    + " detail, remote FROM audit_log WHERE (?::text IS NULL OR username = ?) AND (?::text IS NULL OR event_type = ?)"
                    + " AND (?::timestamptz IS NULL OR at >= ?) AND (?::timestamptz IS NULL OR at < ?) ORDER BY seq DESC LIMIT ?")) {
                ps.setString(1, f.username());
                ps.setString(2, f.username());
                ps.setString(3, f.type());
                ps.setString(4, f.type());
                OffsetDateTime from = f.from() == null ? null : f.from().atOffset(ZoneOffset.UTC);
                OffsetDateTime to = f.to() == null ? null : f.to().atOffset(ZoneOffset.UTC);
                ps.setObject(5, from);
                ps.setObject(6, from);
                ps.setObject(7, to);
                ps.setObject(8, to);
                ps.setInt(9, f.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntryDto(rs.getLong(1),
                                rs.getObject(2, OffsetDateTime.class).atZoneSameInstant(DISPLAY_ZONE).toOffsetDateTime().toString(),
                                rs.getString(3), rs.getString(4), rs.getString(5), (Long) rs.getObject(6), rs.getString(7),
                                rs.getString(8), rs.getString(9)));
                    }
                }
            }
            return out;
        });
    }

    /** RFC 4180 quoting; a leading =,+,-,@ is prefixed with ' so spreadsheets do not run it as a formula. */
    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        String v = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
